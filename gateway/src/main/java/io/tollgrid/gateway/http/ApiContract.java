package io.tollgrid.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatorException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's OpenAPI 3 document ({@value #RESOURCE}), served at {@code /openapi.yaml}, and the request
 * validation it drives: every documented operation is checked by Vert.x OpenAPI before its handler runs, so
 * the document and the checks cannot drift apart.
 */
public final class ApiContract {
    public static final String RESOURCE = "io/tollgrid/gateway/openapi.yaml";

    private final OpenAPIContract contract;
    private final RequestValidator validator;
    private final String yaml;

    private ApiContract(OpenAPIContract contract, RequestValidator validator, String yaml) {
        this.contract = contract;
        this.validator = validator;
        this.yaml = yaml;
    }

    public static ApiContract load(Vertx vertx) {
        String yaml;
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            OpenAPIContract contract = OpenAPIContract.from(vertx, RESOURCE).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            return new ApiContract(contract, RequestValidator.create(vertx, contract), yaml);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            String details = cause.getCause() instanceof io.vertx.json.schema.JsonSchemaValidationException invalid
                    ? " at " + invalid.location() + ": " + invalid.getMessage() : "";
            throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is invalid: " + cause.getMessage()
                    + details, e);
        }
    }

    /** Serves the document itself. */
    public void serve(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/yaml; charset=utf-8").end(yaml);
    }

    /**
     * Checks the request against the operation; a body that is not a JSON object is MALFORMED_JSON, anything
     * else the document forbids is INVALID_REQUEST with the library's reason.
     */
    public Handler<RoutingContext> validate(String operationId) {
        Operation operation = contract.operation(operationId);
        if (operation == null) {
            throw new IllegalArgumentException("the OpenAPI document has no operation " + operationId);
        }
        boolean hasBody = operation.getRequestBody() != null;
        return ctx -> {
            Buffer body = ctx.body().buffer();
            if (hasBody) {
                requireJsonObject(body);
            }
            RequestUtils.extract(ctx.request(), operation, () -> Future.succeededFuture(body))
                    .compose(request -> validator.validate(request, operationId))
                    .onSuccess(validated -> ctx.next())
                    .onFailure(error -> ctx.fail(error instanceof ValidatorException invalid
                            ? ApiException.invalid(reason(invalid)) : error));
        };
    }

    private static void requireJsonObject(Buffer body) {
        try {
            if (body == null || body.length() == 0 || !(Json.decodeValue(body) instanceof JsonObject)) {
                throw new ApiException(400, "MALFORMED_JSON", "the request body must be a JSON object");
            }
        } catch (DecodeException e) {
            throw new ApiException(400, "MALFORMED_JSON", "the request body is not valid JSON");
        }
    }

    private static String reason(ValidatorException invalid) {
        String message = invalid.getMessage();
        return message == null ? "the request does not match the API's OpenAPI document" : message;
    }
}
