// The page for a service the dashboard has no screen for, saying which of two things is true, as decided from the
// composed schema the dashboard was built against (./availability.ts): the service is not in the supergraph yet,
// or it is in the API (usable from the explorer) and only this screen is missing.
export function ServicePending({
  title,
  service,
  fields,
  available,
}: {
  title: string;
  service: string;
  fields: string;
  available: boolean;
}) {
  return (
    <section className="card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">{title}</h2>
      {available ? (
        <p role="status" data-testid="screen-unavailable">
          The {service} service is in the API (try its {fields} in the <a href="/explorer/">explorer</a>), but this
          dashboard has no screen for it yet.
        </p>
      ) : (
        <p role="status" data-testid="service-unavailable">
          The {service} service is not available yet: the gateway's schema has no {fields}. This page lights up once the{" "}
          {service} subgraph is part of the supergraph.
        </p>
      )}
    </section>
  );
}
