/**
 * The append-only audit log of writes by the operator and by tenants (accepted, refused or unauthenticated):
 * who (key id), when, from which address, what (operation and object) and the result, kept in Cassandra and
 * readable by the operator. It records no secrets and never changes or deletes an entry.
 */
package io.tollgrid.gateway.audit;
