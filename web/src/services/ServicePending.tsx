// The page for a service that the supergraph does not have yet.
export function ServicePending({ title, service, fields }: { title: string; service: string; fields: string }) {
  return (
    <section className="card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">{title}</h2>
      <p role="status" data-testid="service-unavailable">
        The {service} service is not available yet: the gateway's schema has no {fields}. This page lights up once the
        {" "}{service} subgraph is part of the supergraph.
      </p>
    </section>
  );
}
