export function contentSecurityPolicy(options: { dev: boolean }): string;
export function securityHeaders(options: { dev: boolean; publicUrl?: string }): {
  source: string;
  has?: { type: "header"; key: string; value?: string }[];
  headers: { key: string; value: string }[];
}[];
