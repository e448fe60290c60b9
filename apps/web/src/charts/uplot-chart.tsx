import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { Aligned } from './series';
import type { Marker } from './patient-series';

export const COLOURS = { vegf: '#0b5cad', limit: '#b3261e', corrected: '#8a4b00', thalidomide: '#2e7d32', dex: '#6a1b9a', protocol: '#6a1b9a', supportive: '#c25e00', onls: '#00695c', critical: '#b3261e', warning: '#a15c00', info: '#41648a', milestone: '#37474f' };

/**
 * A uPlot chart that fills its container's width. The canvas is hidden from assistive technology:
 * the figure's caption says what it shows, uPlot's legend lists the series, and the tables below
 * hold every value.
 */
export function UPlotChart({ options, data, height = 220 }: { options: Omit<uPlot.Options, 'width' | 'height'>; data: Aligned; height?: number }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = target.current!;
    const chart = new uPlot({ ...options, width: Math.max(320, element.clientWidth), height }, data as uPlot.AlignedData, element);
    for (const canvas of element.querySelectorAll('canvas')) canvas.setAttribute('aria-hidden', 'true');
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(320, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [options, data, height]);
  return <div class="chart" ref={target} />;
}

/** Times on the axes and in the legend in the clinic's zone. */
export function clinicTime(zone: string): (ts: number) => Date {
  return (ts) => uPlot.tzDate(new Date(ts * 1000), zone);
}

/** Vertical lines at milestones, pins at alerts' clinical times, ticks at corrected entries; labels on one chart only. */
export function markersPlugin(markers: ReadonlyArray<Marker>, withLabels: boolean): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          ctx.save();
          ctx.beginPath();
          ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
          ctx.clip();
          ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
          // uPlot leaves its own text settings from drawing the axes.
          ctx.textAlign = 'left';
          ctx.textBaseline = 'alphabetic';
          // Labels go on the first of four rows where they do not overlap the previous one; else the table below has them.
          const rowEnds = [-Infinity, -Infinity, -Infinity, -Infinity];
          for (const marker of markers) {
            const x = u.valToPos(marker.x, 'x', true);
            if (x < bbox.left || x > bbox.left + bbox.width) continue;
            const colour = marker.kind === 'alert' ? (COLOURS as Record<string, string>)[marker.severity ?? 'info'] ?? COLOURS.info : marker.kind === 'correction' ? COLOURS.corrected : COLOURS.milestone;
            ctx.strokeStyle = colour;
            ctx.fillStyle = colour;
            ctx.lineWidth = devicePixelRatio;
            if (marker.kind === 'milestone') {
              ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
              ctx.beginPath();
              ctx.moveTo(x, bbox.top);
              ctx.lineTo(x, bbox.top + bbox.height);
              ctx.stroke();
              ctx.setLineDash([]);
            } else {
              const size = 6 * devicePixelRatio;
              const top = marker.kind === 'alert' ? bbox.top : bbox.top + bbox.height - size;
              ctx.beginPath();
              ctx.moveTo(x - size / 2, top);
              ctx.lineTo(x + size / 2, top);
              ctx.lineTo(x, top + size);
              ctx.closePath();
              ctx.fill();
            }
            if (withLabels && marker.kind !== 'correction') {
              const width = ctx.measureText(marker.label).width;
              const start = Math.min(x + 3 * devicePixelRatio, bbox.left + bbox.width - width);
              const row = rowEnds.findIndex((end) => end < start);
              if (row >= 0) {
                ctx.fillText(marker.label, start, bbox.top + (14 + row * 13) * devicePixelRatio);
                rowEnds[row] = start + width + 6 * devicePixelRatio;
              }
            }
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** A horizontal reference drawn by a series (the upper limit), labelled on the canvas at its right end. */
export function limitLabelPlugin(value: number | null, label: string, scale = 'y'): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          if (value === null) return;
          const y = u.valToPos(value, scale, true);
          if (!Number.isFinite(y)) return;
          const { ctx, bbox } = u;
          ctx.save();
          ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
          ctx.fillStyle = COLOURS.limit;
          ctx.textAlign = 'right';
          ctx.fillText(label, bbox.left + bbox.width - 4 * devicePixelRatio, y - 4 * devicePixelRatio);
          ctx.restore();
        },
      ],
    },
  };
}
