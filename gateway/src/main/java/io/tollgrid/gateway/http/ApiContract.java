package io.tollgrid.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The gateway's OpenAPI 3 document ({@value #RESOURCE}), served at {@code /openapi.yaml}, and the request
 * validation it drives: every documented operation is checked by Vert.x OpenAPI before its handler runs, so
 * the document and the checks cannot drift apart.
 */
public final class ApiContract {
    public static final String RESOURCE = "io/tollgrid/gateway/openapi.yaml";
    private static final String JSON = "application/json";

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

    /** The document's paths, as templates ({@code /v1/accounts/{account}/balance}). */
    public java.util.List<String> paths() {
        return contract.getPaths().stream().map(io.vertx.openapi.contract.Path::getName).toList();
    }

    /**
     * An operation of the document matched to a request: its id, its path template and the path's parameters
     * (percent-decoded, as handlers see them).
     */
    public record Match(String operationId, String template, java.util.Map<String, String> pathParams) {
    }

    /** The operation a request's method and (normalised) path call, if the document has one. */
    public java.util.Optional<Match> match(io.vertx.core.http.HttpMethod method, String path) {
        if (path == null) {
            return java.util.Optional.empty();
        }
        String[] segments = path.split("/", -1);
        for (Operation operation : contract.operations()) {
            if (!operation.getHttpMethod().equals(method)) {
                continue;
            }
            String[] template = operation.getOpenAPIPath().split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            java.util.Map<String, String> params = new java.util.HashMap<>();
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    matches = !segments[i].isEmpty();
                    params.put(template[i].substring(1, template[i].length() - 1), decode(segments[i]));
                } else {
                    matches = template[i].equals(segments[i]);
                }
            }
            if (matches) {
                return java.util.Optional.of(new Match(operation.getOperationId(), operation.getOpenAPIPath(),
                        java.util.Map.copyOf(params)));
            }
        }
        return java.util.Optional.empty();
    }

    /** A path segment as Vert.x hands it to handlers: percent-decoded ({@code +} stays a plus). */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }

    /** The document as parsed (its paths, operations and schemas), for tests that are generated from it. */
    public JsonObject document() {
        return contract.getRawContract().copy();
    }

    /** Serves the document itself. */
    public void serve(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/yaml; charset=utf-8").end(yaml);
    }

    /**
     * Checks the request against the operation; a body that is not a JSON object is MALFORMED_JSON, anything
     * else the document forbids is INVALID_REQUEST with the library's reason.
     *
     * <p>An operation whose only input is a JSON body (the switch API) is checked on the event loop by a schema
     * validator compiled once from the document. The library's {@link RequestValidator} builds a new validator
     * for every request and runs it as an ordered blocking task, one at a time per event loop: measured, that
     * was most of the gateway's CPU and serialised every switch request behind a worker hop.
     */
    public Handler<RoutingContext> validate(String operationId) {
        Operation operation = contract.operation(operationId);
        if (operation == null) {
            throw new IllegalArgumentException("the OpenAPI document has no operation " + operationId);
        }
        RequestBody requestBody = operation.getRequestBody();
        if (requestBody != null && operation.getParameters().isEmpty()) {
            Consumer<JsonObject> check = bodyCheck(operationId);
            return ctx -> {
                check.accept(requireJsonObject(ctx));
                ctx.next();
            };
        }
        boolean hasBody = requestBody != null;
        return ctx -> {
            Buffer body = ctx.body().buffer();
            if (hasBody) {
                requireJsonObject(ctx);
            }
            Future<ValidatableRequest> extracted;
            try {
                extracted = RequestUtils.extract(ctx.request(), operation, () -> Future.succeededFuture(body));
            } catch (ValidatorException undecodable) {
                // The library throws, rather than fails the future, for a query it cannot URL-decode ("%%F6").
                throw ApiException.invalid(reason(undecodable));
            }
            extracted.compose(request -> validator.validate(request, operationId))
                    .onSuccess(validated -> ctx.next())
                    .onFailure(error -> ctx.fail(error instanceof ValidatorException invalid
                            ? ApiException.invalid(reason(invalid)) : error));
        };
    }

    /**
     * The check of an operation whose only input is a JSON body, compiled once, for transports other than HTTP
     * (evapi) as well: it throws INVALID_REQUEST with the library's reason for anything the document forbids.
     */
    public Consumer<JsonObject> bodyCheck(String operationId) {
        Operation operation = contract.operation(operationId);
        if (operation == null || operation.getRequestBody() == null || !operation.getParameters().isEmpty()) {
            throw new IllegalArgumentException("the OpenAPI document has no body-only operation " + operationId);
        }
        MediaType json = operation.getRequestBody().getContent().get(JSON);
        if (json == null) {
            throw new IllegalArgumentException("operation " + operationId + " takes no " + JSON + " body");
        }
        Validator bodyValidator = contract.getSchemaRepository().validator(json.getSchema());
        java.util.function.Predicate<JsonObject> accepted = fastCheck(operationId).orElse(body -> false);
        return body -> {
            if (accepted.test(body)) {
                return;
            }
            OutputUnit result = bodyValidator.validate(body);
            try {
                result.checkValidity();
            } catch (JsonSchemaValidationException e) {
                throw ApiException.invalid(reason(SchemaValidationException.createInvalidValueRequestBody(result, e)));
            }
        };
    }

    /**
     * The operation's {@link FastBodyCheck}: empty when its schema uses a keyword that check does not know, and
     * the library then checks every body.
     */
    java.util.Optional<java.util.function.Predicate<JsonObject>> fastCheck(String operationId) {
        MediaType json = contract.operation(operationId).getRequestBody().getContent().get(JSON);
        return FastBodyCheck.compile(contract.getSchemaRepository().resolve(json.getSchema()));
    }

    /** The operations whose only input is a JSON body: those {@link #bodyCheck} serves. */
    java.util.List<String> bodyOnlyOperations() {
        return contract.operations().stream()
                .filter(op -> op.getRequestBody() != null && op.getParameters().isEmpty()
                        && op.getRequestBody().getContent().get(JSON) != null)
                .map(Operation::getOperationId).sorted().toList();
    }

    /** Whether the library's validator accepts the body of a body-only operation: for tests of the fast check. */
    boolean libraryAccepts(String operationId, JsonObject body) {
        MediaType json = contract.operation(operationId).getRequestBody().getContent().get(JSON);
        return contract.getSchemaRepository().validator(json.getSchema()).validate(body).getValid();
    }

    /** The body as a JSON object, decoded once and kept on the request for {@link JsonBodies#of(RoutingContext)}. */
    private static JsonObject requireJsonObject(RoutingContext ctx) {
        JsonObject decoded = JsonBodies.of(ctx).json();
        ctx.put(JsonBodies.DECODED, decoded);
        return decoded;
    }

    private static String reason(RuntimeException invalid) {
        String message = invalid.getMessage();
        return message == null ? "the request does not match the API's OpenAPI document" : message;
    }
}
