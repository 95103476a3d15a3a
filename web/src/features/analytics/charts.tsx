import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Row } from './report';

/**
 * The dashboard's charts (recharts: SVG, keyboard-navigable tooltips through its accessibility layer), loaded with
 * the first chart shown. Every chart draws rows of a report table, so what it shows is what the table and the CSV say.
 */
const ACCENT = '#3b5bdb';
const SOFT = '#a5b4fc';
const DANGER = '#c92a2a';
const AXIS = '#57606a';
const TEXT = '#24292f';


export interface ChartProps {
  rows: Row[];
  /** Category labels (stage, reason, month, person). */
  labelKey: string;
  bars: { key: string; name: string; tone?: 'accent' | 'soft' | 'danger' }[];
  /** How values read in tooltips and on the value axis. */
  format: (value: number) => string;
  /** Horizontal bars: long category names (stages, reasons, people). */
  horizontal?: boolean;
  label?: (row: Row) => string;
}

// legend labels in the text colour: the bars' own colours are too light to read as text
const legendText = (value: string) => <span style={{ color: TEXT }}>{value}</span>;

const fill = (tone: 'accent' | 'soft' | 'danger' | undefined) => (tone === 'soft' ? SOFT : tone === 'danger' ? DANGER : ACCENT);

export default function BarsChart({ rows, labelKey, bars, format, horizontal, label }: ChartProps) {
  const data = rows.map((row) => ({ ...row, __label: label ? label(row) : String(row[labelKey] ?? '') }));
  const height = horizontal ? Math.max(160, data.length * (bars.length * 22 + 18) + 40) : 280;
  const tooltipFormatter = (value: unknown) => format(Number(value));
  return (
    <ResponsiveContainer width="100%" height={height}>
      {horizontal ? (
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 8, bottom: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(value: number) => format(value)} stroke={AXIS} fontSize={12} allowDecimals={false} />
          <YAxis type="category" dataKey="__label" width={140} stroke={AXIS} fontSize={12} />
          <Tooltip formatter={tooltipFormatter} />
          {bars.length > 1 && <Legend formatter={legendText} />}
          {bars.map((bar) => <Bar key={bar.key} dataKey={bar.key} name={bar.name} fill={fill(bar.tone)} radius={[0, 4, 4, 0]} />)}
        </BarChart>
      ) : (
        <BarChart data={data} margin={{ left: 8, right: 8, top: 8, bottom: 8 }}>
          <CartesianGrid vertical={false} strokeDasharray="3 3" />
          <XAxis dataKey="__label" stroke={AXIS} fontSize={12} />
          <YAxis tickFormatter={(value: number) => format(value)} stroke={AXIS} fontSize={12} width={90} />
          <Tooltip formatter={tooltipFormatter} />
          {bars.length > 1 && <Legend formatter={legendText} />}
          {bars.map((bar) => <Bar key={bar.key} dataKey={bar.key} name={bar.name} fill={fill(bar.tone)} radius={[4, 4, 0, 0]} />)}
        </BarChart>
      )}
    </ResponsiveContainer>
  );
}
