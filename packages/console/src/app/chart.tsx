import { useEffect, useRef } from "preact/hooks";
import uPlot, { type AlignedData, type Options } from "uplot";

/**
 * A uPlot chart (canvas; its inline sizes are set through CSSOM, which the
 * CSP allows). Rebuilt when the data changes; a label describes it for
 * screen readers, since a canvas says nothing.
 */
export function Chart({
  options,
  data,
  label,
}: {
  options: Omit<Options, "width" | "height"> & { width?: number; height?: number };
  data: AlignedData;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = box.current;
    if (!host) return;
    const width = options.width ?? Math.max(240, Math.min(host.clientWidth || 800, 1000));
    const plot = new uPlot({ ...options, width, height: options.height ?? 220 }, data, host);
    return () => plot.destroy();
  }, [data, options]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
