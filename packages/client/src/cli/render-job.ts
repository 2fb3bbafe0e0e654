import type { JobSnapshot } from '@noticias/contract';

function seconds(value: number): string {
  return `${value.toFixed(2)} s`;
}

/** The human summary of a finished or running job, one item per line. */
export function renderJob(job: JobSnapshot, wallMs?: number): string {
  const lines = [`Job ${job.job_id}: ${job.status} (${Math.round(job.progress.percentage)}%) ${job.progress.message}`];
  if (job.metadata?.tipo === 'articulo') lines.push(`  artículo: ${job.metadata.medio}: ${job.metadata.titular}`);
  if (job.metadata?.tipo === 'fragmento')
    lines.push(`  fragmento: ${job.metadata.id_fragmento} (${job.metadata.id_articulo_fuente})`);
  if (job.result) {
    const counts = job.result.elementos_extraidos;
    lines.push(
      `  hechos: ${counts.hechos}  entidades: ${counts.entidades}  citas: ${counts.citas}  datos: ${counts.datos_cuantitativos}`,
    );
    const total = wallMs === undefined ? '' : ` (total con la espera: ${seconds(wallMs / 1000)})`;
    lines.push(`  tiempo de procesamiento: ${seconds(job.result.tiempo_procesamiento_segundos)}${total}`);
  }
  if (job.error) {
    const phase = job.error.fase ? ` en la fase ${job.error.fase}` : '';
    lines.push(`  error${phase}: ${job.error.mensaje} [${job.error.tipo}]`);
  }
  return `${lines.join('\n')}\n`;
}
