/** Two rails and sleepers: a train yard. */
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden className="text-brand-600">
      <rect x="1" y="1" width="22" height="22" rx="6" fill="currentColor" />
      <path d="M8 5v14M16 5v14M6 8h12M6 12h12M6 16h12" stroke="white" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
