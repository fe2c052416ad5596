import { sectionLayout } from "../_components/client-messages";

export default sectionLayout("notifications");
