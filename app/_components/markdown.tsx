import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/** User-written markdown, sanitised (no raw HTML, no javascript: links). */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-trainyard break-words text-sm leading-relaxed text-stone-800">
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
