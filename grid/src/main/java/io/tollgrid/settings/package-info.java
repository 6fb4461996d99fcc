/**
 * Typed configuration: one properties file plus environment overrides, validated at start with
 * errors that name the key. Every process (grid node, gateway, ingest) reads its settings here.
 */
package io.tollgrid.settings;
