"use client";

import { useLocale } from "next-intl";
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import * as echarts from "echarts/core";
import { TreeChart } from "echarts/charts";
import { TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { TLineageNode } from "@/lib/configs/queries";
import { echartsLocale, tooltipHtml, trustedMarkup } from "@/app/_components/charts/tooltip";

echarts.use([TreeChart, TooltipComponent, SVGRenderer]);

type TTreeNode = {
  name: string;
  value: string;
  children: TTreeNode[];
  itemStyle?: object;
  label?: object;
  node: TLineageNode;
};

/** A node's tooltip words, from the catalogue (the page formats them: this client component has no translator). */
type TLineageNodeLabels = { revisions: string; forkedAt: string | null };

/** Config titles are user text: escaped here, never a string `formatter` (ECharts puts it into innerHTML). */
const nodeTooltip = (n: TLineageNode, words: TLineageNodeLabels | undefined) =>
  tooltipHtml`${n.title}<br/>@${n.owner}/${n.slug} · ${words?.revisions}${words?.forkedAt ? trustedMarkup(tooltipHtml`<br/>${words.forkedAt}`) : ""}`;

/** The fork tree from the oldest visible ancestor down; click a node to open that config. */
export function LineageGraph({
  nodes,
  currentId,
  label,
  nodeLabels,
}: {
  nodes: TLineageNode[];
  currentId: string;
  label: string;
  /** By node id. */
  nodeLabels: Record<string, TLineageNodeLabels>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const locale = useLocale();
  useEffect(() => {
    const el = ref.current;
    if (!el || nodes.length === 0) return;
    const byId = new Map<string, TTreeNode>();
    for (const n of nodes) {
      byId.set(n.id, {
        name: `@${n.owner}/${n.slug}`,
        value: `/configs/${n.owner}/${n.slug}`,
        children: [],
        itemStyle:
          n.id === currentId
            ? { color: "#1f9d63", borderColor: "#126641", borderWidth: 2 }
            : { color: "#d6f5e3", borderColor: "#1f9d63", borderWidth: 2 },
        node: n,
      });
    }
    let root: TTreeNode | undefined;
    for (const n of nodes) {
      const parent = n.parentId ? byId.get(n.parentId) : undefined;
      if (parent) parent.children.push(byId.get(n.id)!);
      else root ??= byId.get(n.id);
    }
    const chart = echarts.init(el, null, { renderer: "svg", locale: echartsLocale(locale) });
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: (p: { data?: Partial<TTreeNode> }) =>
          p.data?.node ? nodeTooltip(p.data.node, nodeLabels[p.data.node.id]) : "",
      },
      series: [
        {
          type: "tree",
          data: [root],
          orient: "TB",
          top: 40,
          bottom: 40,
          left: 40,
          right: 40,
          symbolSize: 16,
          expandAndCollapse: false,
          initialTreeDepth: -1,
          label: { position: "top", fontSize: 11 },
          leaves: { label: { position: "bottom", rotate: 0 } },
          lineStyle: { color: "#a8a29e" },
        },
      ],
    });
    chart.on("click", (p) => {
      const href = (p.data as { value?: string } | undefined)?.value;
      if (href) router.push(href);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [nodes, currentId, router, nodeLabels, locale]);
  // Height follows the number of generations, so two nodes do not sit a screen apart.
  const depths = nodes.map((n) => n.depth);
  const generations = nodes.length ? Math.max(...depths) - Math.min(...depths) + 1 : 1;
  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      style={{ height: Math.min(640, 80 + generations * 110) }}
      className="w-full rounded-lg border border-stone-200 bg-white"
    />
  );
}
