import { formatDuration } from '../labels.ts';
import { ProgressBar } from '../jobs/progress-bar.tsx';
import type { PhaseStep } from './phase-timeline.ts';

const STATE_LABELS = { pending: 'Pendiente', running: 'En curso', done: 'Completada', failed: 'Falló' } as const;

export function PhaseSteps({ steps }: { steps: PhaseStep[] }) {
  return (
    <ol className="steps" aria-label="Fases del procesamiento">
      {steps.map((step, index) => (
        <li key={step.key} className={`step step-${step.state}`} data-phase={step.key} data-state={step.state}>
          <span className="step-number" aria-hidden="true">
            {index + 1}
          </span>
          <div className="step-body">
            <p className="step-title">
              {step.label} <span className="step-state">· {STATE_LABELS[step.state]}</span>
            </p>
            <ProgressBar value={step.percentage} label={`Progreso de la fase ${step.label}`} />
            <p className="step-meta">
              <span className="step-percent">{Math.round(step.percentage)} %</span>
              <span className="step-message">{step.message}</span>
              <span className="step-time">{step.durationMs === null ? '' : formatDuration(step.durationMs)}</span>
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
