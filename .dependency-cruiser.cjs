/* global module */
// The layering of docs/decisions/0005-layout.md, checked by `npm run lint:layers` (in `npm test`).
// Paths are relative to where depcruise runs: the clone (and, in test/docs/layering.test.ts, a
// fixture tree laid out like it, to show that a forbidden import fails the check).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain holds the rules: it imports nothing of the layers built on it.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(projections|reconciler|adapters|app)/' },
    },
    {
      name: 'projections-on-domain-only',
      comment: 'Read models are folds of domain events: they import the domain and nothing else of src.',
      severity: 'error',
      from: { path: '^src/projections/' },
      to: { path: '^src/(reconciler|adapters|app)/' },
    },
    {
      name: 'reconciler-no-adapters-no-app',
      comment:
        'The reconciler declares the ports it needs (ports.ts, serviceApi.ts, reconcilerLogger.ts); adapters and wiring come to it.',
      severity: 'error',
      from: { path: '^src/reconciler/' },
      to: { path: '^src/(adapters|app)/' },
    },
    {
      name: 'adapters-no-app',
      comment:
        'Adapters implement ports; the wiring (config, logger, CLI, composition) builds them, never the reverse.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'adapters-see-reconciler-types-only',
      comment: 'From the reconciler an adapter needs only the port it implements or serves: types, never its code.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/reconciler/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-not-on-tools',
      comment: 'The service never depends on its tests, benchmarks, chaos campaigns or scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|chaos|scripts)/' },
    },
    {
      name: 'only-app-starts-simulators',
      comment:
        'The simulators are started by the wiring alone (the `sim` and `demo` commands); no rule depends on them.',
      severity: 'error',
      from: { path: '^src/(domain|projections|reconciler|adapters)/' },
      to: { path: '^sim/' },
    },
    {
      name: 'sim-independent',
      comment: 'The simulators stand for SGP and OZmap: they know nothing of the service.',
      severity: 'error',
      from: { path: '^sim/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles at run time. A cycle of type-only imports (a file naming a type of the file that calls it) is erased by the compiler and allowed.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    // Type-only imports count: a port imported as a type is still a dependency of the layer.
    tsPreCompilationDeps: true,
    moduleSystems: ['es6'],
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
