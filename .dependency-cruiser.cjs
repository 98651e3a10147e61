// Boundary rules for server/ (docs/architecture.md, «Avhengigheter»), checked by `npm run lint` and so by CI.
// Inside a capability, dependencies point one way: routes → service → rules and repository. One capability uses
// another through its service functions, never its repository. Folders do not depend on each other in a circle.
// Biome checks cycles between files; this checks what Biome cannot say: roles of files and folders.
//
// Every exception below names the one file (or the few files) it allows and why.

/** A regular expression matching exactly these paths. */
const anyOf = (paths) => `^(${paths.map((p) => p.replace(/[.]/g, '\\.')).join('|')})$`;

// Uses of another capability's repository that are allowed, by the repository used.
const otherRepositoryAllowed = [
  // recordAudit: the change log row is written in the caller's own transaction, so a change and its log commit or roll
  // back together; it is the audit capability's one write, used by every capability that changes something.
  { to: ['server/audit/audit.repository.ts'], from: '^server/' },
  // Accounts: a membership and its account are made or changed in one transaction (invitation, first setup).
  { to: ['server/auth/user.repository.ts'], from: anyOf(['server/tenancy/tenancy.service.ts', 'server/tenancy/installation.service.ts']) },
  // The CLI commands are composition roots like app.ts: each is one use case of its own over the repositories.
  { to: ['server/tenancy/tenancy.repository.ts', 'server/auth/user.repository.ts'], from: '^server/cli/' },
  // The import is the registers' write path: it reads the kontoplan's art scheme in the transaction that commits the
  // new version (the versions themselves through registers/versions.ts).
  {
    to: ['server/kontoplan/kontoplan-scheme.repository.ts'],
    from: anyOf(['server/imports/import.service.ts', 'server/imports/import.views.ts']),
  },
  // A new regnskapsår re-derives the kontoplan's KOSTRA arts with its art scheme in the transaction that changes the
  // year (the versions through registers/versions.ts, the approvals reset by review/review.reset.ts).
  {
    to: ['server/kontoplan/kontoplan-scheme.repository.ts'],
    from: anyOf(['server/regnskapsar/regnskapsar.service.ts']),
  },
];

// Routes that still read a repository directly: small read-only pages with no rule between (audit log, the
// invitations on setup, the import's preview status).
const routesReadingRepository = anyOf([
  'server/audit/audit.routes.ts',
  'server/tenancy/setup.routes.ts',
  'server/imports/import.routes.ts',
]);

/**
 * «No capability imports another capability's repository», as one rule for the repositories without exceptions and
 * one per repository with exceptions (a rule cannot pair each allowed «from» with its «to»).
 */
function otherCapabilityRepositoryRules() {
  const name = 'no-other-capability-repository';
  const comment = 'one capability uses another through its service functions, not its repository (exceptions: otherRepositoryAllowed)';
  const allowedFrom = new Map();
  for (const { to, from } of otherRepositoryAllowed) for (const file of to) allowedFrom.set(file, [...(allowedFrom.get(file) ?? []), from]);
  const excepted = anyOf([...allowedFrom.keys()]);
  return [
    {
      name,
      comment,
      severity: 'error',
      from: { path: '^server/([^/]+)/' },
      to: { path: '^server/[^/]+/[^/]*\\.repository\\.ts$', pathNot: `^server/$1/|${excepted}` },
    },
    ...[...allowedFrom].map(([file, froms]) => ({
      name,
      comment,
      severity: 'error',
      from: { path: '^server/([^/]+)/', pathNot: froms.map((f) => `(${f})`).join('|') },
      to: { path: anyOf([file]), pathNot: '^server/$1/' },
    })),
  ];
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'routes-through-service',
      comment: 'a route parses, calls a service function and renders; it does not read or write the database itself',
      severity: 'error',
      from: { path: '\\.routes\\.ts$', pathNot: routesReadingRepository },
      to: { path: '\\.repository\\.ts$' },
    },
    {
      name: 'rules-are-pure',
      comment: 'rules are pure functions of their input: no database, no service, no HTTP',
      severity: 'error',
      from: { path: '\\.rules\\.ts$' },
      to: { path: '\\.(repository|service|routes)\\.ts$' },
    },
    {
      name: 'repository-is-bottom',
      comment: 'a repository runs queries; it calls no service or route',
      severity: 'error',
      from: { path: '\\.repository\\.ts$' },
      to: { path: '\\.(service|routes)\\.ts$' },
    },
    {
      name: 'routes-only-from-app',
      comment: 'routers are mounted by the composition root (app.ts) alone',
      severity: 'error',
      from: { pathNot: '^server/app\\.ts$' },
      to: { path: '\\.routes\\.ts$' },
    },
    ...otherCapabilityRepositoryRules(),
    {
      name: 'no-folder-cycle',
      comment: 'folders (capabilities) depend on each other in one direction: no folder reaches itself again',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: '^server/',
    // The app's Database type (schema.ts) is made of the capabilities' row types (type-only imports); left out, as it
    // would otherwise make the platform look as if it depended on every capability.
    exclude: { path: '^server/platform/db/schema\\.ts$' },
    // TypeScript 7 has no compiler API for dependency-cruiser to parse with; swc parses the TypeScript instead.
    parser: 'swc',
    // type-only imports count: a cycle through types is still a cycle for whoever reads the code
    tsPreCompilationDeps: true,
  },
};
