import { SectionPlaceholder, sectionMetadata } from "../_components/section-placeholder";

export const generateMetadata = () => sectionMetadata("discussions");

export default function Page() {
  return <SectionPlaceholder section="discussions" />;
}
