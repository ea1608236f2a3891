"""The speed comparison's lines in SimPy 4.1, for a side-by-side timing.

A saturated serial line of exponential stations (mean 1 time unit), 5
waiting places between stations, blocking after service; with --failures,
operation-dependent failures on every station (processing time to failure
Exp(100), repair Exp(5), the operation resumed). The same model as
benches/scenarios/line_10.ron and line_50_failures.ron, written the usual
SimPy way (a process per station, a Store per buffer); its own random
numbers, so its output agrees with zhizao's in distribution, not draw for
draw.

    python3 serial_line.py STATIONS RUN [--failures]

prints the parts finished and the throughput.
"""

import random
import sys

import simpy


def station(env, rng, inbox, outbox, failures, done):
    ttf = rng.expovariate(1 / 100.0) if failures else None
    while True:
        part = (yield inbox.get()) if inbox is not None else None
        remaining = rng.expovariate(1.0)
        while failures and ttf < remaining:
            yield env.timeout(ttf)
            remaining -= ttf
            yield env.timeout(rng.expovariate(1 / 5.0))
            ttf = rng.expovariate(1 / 100.0)
        yield env.timeout(remaining)
        if failures:
            ttf -= remaining
        if outbox is None:
            done[0] += 1
        else:
            yield outbox.put(part)


def main():
    stations, run = int(sys.argv[1]), float(sys.argv[2])
    failures = "--failures" in sys.argv
    rng = random.Random(1)
    env = simpy.Environment()
    buffers = [simpy.Store(env, capacity=5) for _ in range(stations - 1)]
    done = [0]
    for i in range(stations):
        inbox = buffers[i - 1] if i > 0 else None
        outbox = buffers[i] if i < stations - 1 else None
        env.process(station(env, rng, inbox, outbox, failures, done))
    env.run(until=run)
    print(f"finished {done[0]}, throughput {done[0] / run:.4f} per time unit")


if __name__ == "__main__":
    main()
