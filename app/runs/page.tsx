import { SectionPlaceholder, sectionMetadata } from "../_components/section-placeholder";

export const generateMetadata = () => sectionMetadata("runs");

export default function Page() {
  return <SectionPlaceholder section="runs" />;
}
