package io.tollgrid.rating.routing;

import io.tollgrid.money.Money;

/**
 * One place to send the call, in the order to try it.
 *
 * @param buyPrefix the carrier's buy rate prefix that matched the callee
 * @param buyCost   the carrier's cost of a call of the plan's margin seconds
 * @param margin    sell cost minus buy cost for that call
 */
public record Route(String carrierId, String gatewayUri, String buyPrefix, Money buyCost, Money sellCost, Money margin) {
}
