package pw.fullstack.ephemeral.testkit.kubernetes;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watches a {@link MockKubernetesCluster} is serving right now, as the API server counts its long-running requests
 * ({@code apiserver_longrunning_requests{verb="WATCH"}}): one from the moment its connection is upgraded until either side
 * closes it. What a test reads to prove a client closes the watches it opened.
 */
final class OpenWatches {

    private final Set<Tracked> open = ConcurrentHashMap.newKeySet();

    /** The same listener, counted while its connection is open. */
    WebSocketListener track(ApiRequest request, WebSocketListener listener) {
        return new Tracked(request, listener);
    }

    List<ApiRequest> all() {
        return open.stream().map(t -> t.request).toList();
    }

    private final class Tracked extends WebSocketListener {
        private final ApiRequest request;
        private final WebSocketListener delegate;

        Tracked(ApiRequest request, WebSocketListener delegate) {
            this.request = request;
            this.delegate = delegate;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            delegate.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            open.add(this);
            delegate.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            delegate.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            open.remove(this);
            delegate.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            open.remove(this);
            delegate.onClosed(webSocket, code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            open.remove(this);
            delegate.onFailure(webSocket, t, response);
        }
    }
}
