// Why a start failed: refused for good (StartupError: a message and exit 1), or only because Redis went away meanwhile.
export class StartupError extends Error {}

/**
 * Redis went away while the process was starting, after `serve` had seen it answer (a Redis restart or a power loss
 * in that moment): nothing was left running, and `serve` waits for Redis again and starts again (issue 12, point 6)
 * instead of exiting. A process that exited here stayed gone where nothing restarts it: with one worker, every
 * letter then waited for ever (the fault suite's power-loss case timed out so).
 */
export class RedisLostAtStartup extends StartupError {}
