/**
 * The one JSON error shape, request-body parsing with field-naming errors, and the rule that every
 * response is written on the request's Vert.x context.
 */
package io.tollgrid.gateway.http;
