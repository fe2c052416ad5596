import { SectionPlaceholder, sectionMetadata } from "../_components/section-placeholder";

export const generateMetadata = () => sectionMetadata("leaderboards");

export default function Page() {
  return <SectionPlaceholder section="leaderboards" />;
}
