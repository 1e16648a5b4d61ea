// A process's resident memory over time, from /proc/<pid>/status (Linux): VmRSS sampled every ~50 ms and VmHWM, the
// kernel's own peak, which misses nothing between samples. Writing 5 to /proc/<pid>/clear_refs resets VmHWM to the
// current RSS (Linux ≥ 4.0, our own child), so the peak of one window is the peak of that window alone.
import { readFileSync, writeFileSync } from "node:fs";

const MB = 1024 * 1024;

/** A field of /proc/<pid>/status in bytes (the kernel writes kB), or undefined when the process is gone. */
export function statusBytes(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    for (const line of status.split("\n"))
      if (line.startsWith(`${field}:`))
        return (
          Number(
            line
              .slice(field.length + 1)
              .trim()
              .split(" ")[0],
          ) * 1024
        );
  } catch {
    return undefined;
  }
  return undefined;
}

/** Reset VmHWM to the current RSS; false when the kernel does not allow it (the samples alone then give the peak). */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

export interface RssWindow {
  /** VmRSS when the window opened (bytes). */
  baseline: number;
  /** The highest VmRSS sampled, or VmHWM when the window's peak could be reset and is higher (bytes). */
  peak: number;
  /** peak − baseline (bytes). */
  growth: number;
  samples: number;
}

export interface RssSampler {
  stop(): RssWindow;
}

/** Start watching `pid` now: the baseline is its VmRSS at this moment. */
export function sampleRss(pid: number, intervalMs = 50): RssSampler {
  const hwmReset = resetPeak(pid);
  const baseline = statusBytes(pid, "VmRSS") ?? Number.NaN;
  let peak = baseline;
  let samples = 1;
  const timer = setInterval(() => {
    const rss = statusBytes(pid, "VmRSS");
    if (rss !== undefined) {
      peak = Math.max(peak, rss);
      samples++;
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const hwm = hwmReset ? statusBytes(pid, "VmHWM") : undefined;
      const top = Math.max(peak, hwm ?? 0);
      return { baseline, peak: top, growth: top - baseline, samples };
    },
  };
}

export const inMb = (bytes: number): number => Math.round((bytes / MB) * 10) / 10;
