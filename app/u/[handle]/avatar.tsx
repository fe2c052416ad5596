import { identicon } from "./identicon";

/** The user's generated avatar (decorative: the name and handle are beside it). */
export function Avatar({ handle, size = 96 }: { handle: string; size?: number }) {
  const { cells, hue } = identicon(handle);
  return (
    <svg
      aria-hidden
      width={size}
      height={size}
      viewBox="-1 -1 7 7"
      className="shrink-0 rounded-full"
      data-testid="profile-avatar"
    >
      <rect x={-1} y={-1} width={7} height={7} fill={`hsl(${hue} 60% 94%)`} />
      {cells.map(([x, y]) => (
        <rect key={`${x}-${y}`} x={x} y={y} width={1.02} height={1.02} fill={`hsl(${hue} 55% 42%)`} />
      ))}
    </svg>
  );
}
