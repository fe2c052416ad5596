import { SectionPlaceholder, sectionMetadata } from "../_components/section-placeholder";

export const generateMetadata = () => sectionMetadata("datasets");

export default function Page() {
  return <SectionPlaceholder section="datasets" />;
}
