/**
 * The operator's product endpoints: define products (POST /admin/products), assign them to accounts
 * (POST /admin/accounts/{account}/products) and run the charges now (POST /admin/charge-runs). The charges and
 * their schedule are {@link io.tollgrid.grid.product.Products} and {@link io.tollgrid.grid.product.ChargeScheduler}.
 */
package io.tollgrid.gateway.product;
