/**
 * Starting and configuring Ignite nodes: discovery on a private loopback port range, native
 * persistence, and the cache layout (TRANSACTIONAL, backups=1, affinity on the billing account).
 * Owns no business rules.
 */
package io.tollgrid.grid.node;
