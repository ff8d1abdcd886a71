// A submission exactly as reviewers see it (server/projects/submission.ts `reviewerView`): used on the
// review form and as the preview under the submission form, so the author sees the same thing.
import type { ReviewerView } from '@/server/projects/submission'

export function ProjectCard({ project, heading = 'The project' }: { project: ReviewerView; heading?: string }) {
  return (
    <section className="card space-y-3" aria-label={heading} data-testid="project-card">
      <h2 className="font-semibold">{heading}</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-600">Repository</dt>
        <dd className="break-all">
          <a href={project.repoUrl} rel="nofollow noopener noreferrer" target="_blank">
            {project.repoUrl}
          </a>
        </dd>
        <dt className="text-slate-600">Commit</dt>
        <dd className="break-all font-mono">
          {project.commitUrl ? (
            <a href={project.commitUrl} rel="nofollow noopener noreferrer" target="_blank">
              {project.commitSha}
            </a>
          ) : (
            project.commitSha
          )}
        </dd>
        <dt className="text-slate-600">Dashboard</dt>
        <dd className="break-all">
          {project.dashboardUrl ? (
            <a href={project.dashboardUrl} rel="nofollow noopener noreferrer" target="_blank">
              {project.dashboardUrl}
            </a>
          ) : (
            <span className="text-slate-600">none given</span>
          )}
        </dd>
      </dl>
      <div>
        <h3 className="text-sm text-slate-600">Description</h3>
        <p className="whitespace-pre-wrap text-sm">{project.description}</p>
      </div>
    </section>
  )
}
