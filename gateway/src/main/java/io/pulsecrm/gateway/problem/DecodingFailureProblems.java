package io.pulsecrm.gateway.problem;

import java.net.URI;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import reactor.netty.NettyPipeline;

/**
 * Requests Reactor Netty refuses while decoding them, before Spring sees them: a request line longer than the
 * limit (414), headers over the limit (431), a malformed request (400). Netty answers those with an empty body;
 * this fills it with the platform's problem+json, so a client gets the same kind of answer for every error.
 */
@ChannelHandler.Sharable
public final class DecodingFailureProblems extends ChannelOutboundHandlerAdapter {

    private static final String HANDLER_NAME = "pulse.decodingFailureProblems";

    private final JsonMapper json;

    public DecodingFailureProblems(JsonMapper json) {
        this.json = json;
    }

    /** Installs the handler on every connection, just after the HTTP codec (so it sees responses unencoded). */
    public static NettyServerCustomizer customizer(JsonMapper json) {
        DecodingFailureProblems handler = new DecodingFailureProblems(json);
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null
                    && channel.pipeline().get(HANDLER_NAME) == null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, handler);
            }
        });
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (message instanceof FullHttpResponse response && isBareDecodingFailure(response)) {
            int status = response.status().code();
            byte[] body = json.writeValueAsBytes(problem(status));
            FullHttpResponse filled = response.replace(Unpooled.wrappedBuffer(body));
            filled.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            filled.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            response.release();
            ctx.write(filled, promise);
            return;
        }
        ctx.write(message, promise);
    }

    /** Netty's own answer: an error status, no body, no content type, and the connection closed after it. */
    private static boolean isBareDecodingFailure(FullHttpResponse response) {
        int status = response.status().code();
        return (status == 400 || status == 413 || status == 414 || status == 431)
                && response.content().readableBytes() == 0
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
    }

    static ProblemDetail problem(int status) {
        String detail = switch (status) {
            case 414 -> "The request line (method, path and query) is too long.";
            case 431 -> "The request's headers are too large.";
            case 413 -> "The request is too large.";
            default -> "The request could not be read: its request line, path or headers are malformed.";
        };
        ProblemDetail problem = ProblemResponses.problem(status, status == 400 ? "malformed-request" : "http-" + status,
                switch (status) {
                    case 414 -> "URI Too Long";
                    case 431 -> "Request Header Fields Too Large";
                    case 413 -> "Content Too Large";
                    default -> "Malformed request";
                }, detail);
        problem.setInstance((URI) null);
        return problem;
    }
}
