import { SectionPlaceholder, sectionMetadata } from "../_components/section-placeholder";

export const generateMetadata = () => sectionMetadata("configs");

export default function Page() {
  return <SectionPlaceholder section="configs" />;
}
