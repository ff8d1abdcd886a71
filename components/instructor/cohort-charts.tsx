'use client'
// Charts of the cohort dashboard (recharts). Each chart is a picture for sighted readers; the same numbers
// are in the table beside it (ChartTable), which is what screen readers get.
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'

const BLUE = '#1d4ed8'
const GREEN = '#059669'

function ChartFrame({ label, height = 224, children }: { label: string; height?: number; children: React.ReactElement }) {
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  )
}

export function WeeklyChart({ data, label, series }: { data: Record<string, string | number>[]; label: string; series: { key: string; name: string; kind: 'bar' | 'line' }[] }) {
  const hasLine = series.some((s) => s.kind === 'line')
  const Chart = hasLine ? LineChart : BarChart
  return (
    <ChartFrame label={label}>
      <Chart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="week" fontSize={12} />
        <YAxis allowDecimals={false} fontSize={12} />
        <Tooltip />
        {series.map((s, index) =>
          s.kind === 'line' ? (
            <Line key={s.key} dataKey={s.key} name={s.name} stroke={index ? GREEN : BLUE} strokeWidth={2} dot={false} isAnimationActive={false} />
          ) : (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={index ? GREEN : BLUE} isAnimationActive={false} />
          ),
        )}
      </Chart>
    </ChartFrame>
  )
}

export function FunnelChart({ steps }: { steps: { step: string; learners: number | null }[] }) {
  const data = steps.filter((s) => s.learners !== null)
  return (
    <ChartFrame label="Completion funnel: learners at each step (numbers in the table below)" height={60 + data.length * 34}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis type="number" allowDecimals={false} fontSize={12} />
        <YAxis type="category" dataKey="step" width={260} fontSize={11} interval={0} />
        <Tooltip />
        <Bar dataKey="learners" name="Learners" fill={BLUE} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  )
}

export function DistributionChart({ title, buckets }: { title: string; buckets: number[] }) {
  const data = buckets.map((learners, index) => ({ range: `${index * 10}–${index === 9 ? 100 : index * 10 + 10}%`, learners }))
  return (
    <ChartFrame label={`${title}: learners per score range (numbers in the table below)`}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="range" fontSize={10} interval={1} />
        <YAxis allowDecimals={false} fontSize={12} />
        <Tooltip />
        <Bar dataKey="learners" name="Learners" fill={GREEN} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  )
}
