/** A member's roles in a tjeneste: stored in membership, carried by the request's tenant, checked in auth/permissions.ts. */
export type Role = 'admin' | 'regnskap' | 'godkjenner' | 'lesetilgang';
