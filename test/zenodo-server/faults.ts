// Fault injection for the local Zenodo server.

export type Fault = FaultCommon & (
  | { kind: 'latency'; ms: number }
  /** An error status; `html: true` (the default for 502/503/504) sends an nginx-like HTML page, `html: false` JSON. */
  | { kind: 'status'; code: 500 | 502 | 503 | 504 | number; html?: boolean }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** The JSON cut in half: `lie` = Content-Length of the whole body then the connection drops;
   *  `short` = a Content-Length that matches the half body (a clean response with broken JSON). */
  | { kind: 'truncated'; mode?: 'lie' | 'short' }
  /** 429 with a Retry-After (seconds, default 1). */
  | { kind: 'burst429'; retryAfter?: number }
  /** 302 back to the same URL, forever. */
  | { kind: 'redirectLoop' }
  /** 200 whose JSON lacks `hits` and `metadata`. */
  | { kind: 'missingFields' }
);

export interface FaultCommon {
  /** A regular expression (source string) tested against the request path plus query string. */
  path?: string;
  /** Only for this method (default: any). */
  method?: string;
  /** How many requests the fault applies to (default: unlimited). */
  times?: number;
}

export type FaultKind = Fault['kind'];

export interface FaultController {
  /** Replaces the active faults. */
  set(f: Fault | Fault[]): void;
  /** Adds a fault after the active ones. */
  add(f: Fault): void;
  clear(): void;
  list(): Fault[];
}

interface Active {
  fault: Fault;
  re?: RegExp;
  left: number;
}

export class Faults implements FaultController {
  private active: Active[] = [];

  set(f: Fault | Fault[]): void {
    this.active = [];
    for (const x of Array.isArray(f) ? f : [f]) {
      this.add(x);
    }
  }

  add(f: Fault): void {
    validateFault(f);
    this.active.push({ fault: f, re: f.path ? new RegExp(f.path) : undefined, left: f.times ?? Infinity });
  }

  clear(): void {
    this.active = [];
  }

  list(): Fault[] {
    return this.active.filter((a) => a.left > 0).map((a) => ({ ...a.fault, ...(Number.isFinite(a.left) ? { times: a.left } : {}) }));
  }

  /** Consumes and returns the faults that apply: every matching latency, then the first other one. */
  take(method: string, url: string): { latency: number; fault?: Fault } {
    let latency = 0;
    let fault: Fault | undefined;
    for (const a of this.active) {
      if (a.left <= 0 || (a.re && !a.re.test(url)) || (a.fault.method && a.fault.method.toUpperCase() !== method)) {
        continue;
      }
      if (a.fault.kind === 'latency') {
        latency += a.fault.ms;
        a.left--;
      } else if (!fault) {
        fault = a.fault;
        a.left--;
      }
    }
    this.active = this.active.filter((a) => a.left > 0);
    return { latency, fault };
  }
}

const KINDS = new Set(['latency', 'status', 'reset', 'malformed', 'truncated', 'burst429', 'redirectLoop', 'missingFields']);

export function validateFault(f: unknown): asserts f is Fault {
  if (!f || typeof f !== 'object' || !KINDS.has((f as { kind?: string }).kind ?? '')) {
    throw new Error(`unknown fault: ${JSON.stringify(f)}`);
  }
  const x = f as Record<string, unknown>;
  if (x.kind === 'latency' && typeof x.ms !== 'number') {
    throw new Error('latency fault needs ms');
  }
  if (x.kind === 'status' && typeof x.code !== 'number') {
    throw new Error('status fault needs code');
  }
  if (x.path !== undefined) {
    new RegExp(String(x.path));
  }
}

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

export function gatewayHtml(code: number): string {
  const text = STATUS_TEXT[code] ?? 'Error';
  return `<html>\r\n<head><title>${code} ${text}</title></head>\r\n<body>\r\n<center><h1>${code} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? 'Error';
}
