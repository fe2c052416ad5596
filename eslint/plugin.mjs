import disableNeedsReason from "./rules/disable-needs-reason.mjs";
import noLiteralUiString from "./rules/no-literal-ui-string.mjs";

/** Trainyard's own lint rules, registered as the `local` plugin in eslint.config.mjs. */
const plugin = {
  meta: { name: "trainyard-local" },
  rules: { "disable-needs-reason": disableNeedsReason, "no-literal-ui-string": noLiteralUiString },
};

export default plugin;
