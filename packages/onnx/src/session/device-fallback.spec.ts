import { openWithFallback, type DeviceCandidate } from './device-fallback.js';

type Device = 'fast' | 'middle' | 'base';

function candidates(
  outcome: Partial<Record<Device, 'ok' | 'precheck' | 'throws'>>,
  opened: string[],
): DeviceCandidate<Device, string>[] {
  return (['fast', 'middle', 'base'] as const).map((device) => ({
    device,
    label: device.toUpperCase(),
    precheck: () => (outcome[device] === 'precheck' ? `${device} library missing` : undefined),
    open: async () => {
      opened.push(device);
      if (outcome[device] === 'throws') throw new Error(`${device} failed\nsecond line`);
      return `${device} session`;
    },
  }));
}

const unavailable = (device: Device, reason: string) => new Error(`no ${device}: ${reason}`);

describe('openWithFallback', () => {
  it("'auto' takes the first device that opens and warns once per skipped device", async () => {
    const opened: string[] = [];
    const warnings: string[] = [];
    const result = await openWithFallback(
      candidates({ fast: 'precheck', middle: 'throws' }, opened),
      { requested: 'auto', warn: (m) => warnings.push(m), unavailable },
    );
    expect(result).toEqual({
      value: 'base session',
      device: 'base',
      fallbacks: [
        { device: 'fast', reason: 'fast library missing' },
        { device: 'middle', reason: 'middle failed' },
      ],
    });
    // A failed precheck skips the attempt.
    expect(opened).toEqual(['middle', 'base']);
    expect(warnings).toEqual([
      '@bnkit/onnx: FAST is not available (fast library missing); trying MIDDLE.',
      '@bnkit/onnx: MIDDLE is not available (middle failed); running on BASE.',
    ]);
  });

  it('gives each distinct warning once per warn function', async () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    for (let i = 0; i < 3; i++) {
      await openWithFallback(candidates({ fast: 'precheck' }, []), {
        requested: 'auto',
        warn,
        unavailable,
      });
    }
    expect(warnings).toHaveLength(1);
    const other: string[] = [];
    await openWithFallback(candidates({ fast: 'precheck' }, []), {
      requested: 'auto',
      warn: (m) => other.push(m),
      unavailable,
    });
    expect(other).toHaveLength(1);
  });

  it('an explicit device is opened or refused, never replaced', async () => {
    await expect(
      openWithFallback(candidates({ middle: 'throws' }, []), { requested: 'middle', unavailable }),
    ).rejects.toThrow('no middle: middle failed');
    await expect(
      openWithFallback(candidates({ fast: 'precheck' }, []), { requested: 'fast', unavailable }),
    ).rejects.toThrow('no fast: fast library missing');
    const opened: string[] = [];
    const result = await openWithFallback(candidates({ fast: 'precheck' }, opened), {
      requested: 'middle',
      unavailable,
    });
    expect(result).toEqual({ value: 'middle session', device: 'middle', fallbacks: [] });
    expect(opened).toEqual(['middle']);
  });

  it("errors of the last device are the model's and pass through unchanged", async () => {
    await expect(
      openWithFallback(candidates({ fast: 'precheck', middle: 'precheck', base: 'throws' }, []), {
        requested: 'auto',
        warn: () => undefined,
        unavailable,
      }),
    ).rejects.toThrow('base failed');
    await expect(
      openWithFallback(candidates({ base: 'throws' }, []), { requested: 'base', unavailable }),
    ).rejects.toThrow('base failed');
  });
});
