import { TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

/** The argument names an ICU message uses (in plural/select options and rich-text tags too), for catalogue checks. */
export function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.pound || el.type === TYPE.literal) continue;
    if (el.type === TYPE.tag) argumentsOf(el.children, out);
    else out.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) argumentsOf(option.value, out);
  }
  return out;
}
