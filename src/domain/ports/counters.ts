// The operational counters port: figures every process adds to and /metrics reports. Labels are location numbers,
// outcomes and reasons: never message ids or patient data.

export interface Counters {
  deliveryOutcome(receiver: string, outcome: string): Promise<void>;
  /** Per receiving location: delivery outcomes in the last `hours` whole hours, and when each outcome last happened. */
  recentDeliveries(hours: number): Promise<Map<string, RecentDeliveries>>;
  duplicate(): Promise<void>;
  resend(reason: string): Promise<void>;
  ackLatency(seconds: number, code: string): Promise<void>;
  /** A regional rule fired (issue 13): an acute letter accepted, a report of concern refused. */
  regionalRule(rule: string): Promise<void>;
  read(): Promise<CounterSnapshot>;
}

export interface CounterSnapshot {
  deliveries: { receiver: string; outcome: string; count: number }[];
  duplicates: number;
  resends: { reason: string; count: number }[];
  /** Per regional rule (acute-letter, report-of-concern): how often it fired. */
  regionalRules: { rule: string; count: number }[];
  /** Cumulative counts per bucket (le), the count and the sum, per acknowledgement code. */
  ackLatency: { code: string; buckets: Record<string, number>; count: number; sum: number }[];
}

export interface RecentDeliveries {
  counts: Record<string, number>;
  lastAt: Record<string, string>;
}
