/*
 * Copyright 2026 The Argo generic eventsource SDK authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.argogeneric.samples.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.argogeneric.sdk.config.Description;
import java.nio.file.Path;
import java.util.Map;

/**
 * One stream's config: the keys of Argo's webhook eventsource that make sense here, so a user
 * moving over keeps them. Argo's keys that a server outside Kubernetes' API cannot honour are bound
 * only so that {@link WebhookBridge#validate} can refuse them saying what to use instead; other
 * unknown keys are refused by the SDK.
 */
@Description("An HTTP endpoint whose requests become this stream's events.")
public record WebhookConfig(
    @JsonProperty(required = true)
        @Description(
            "Request path, starting with '/', e.g. /hook; a gorilla/mux template such as /repo/{name} as in Argo.")
        String endpoint,
    @Description("HTTP method the endpoint accepts; default POST.") String method,
    @Description("HTTP port of the endpoint; default the server's --http-port.") Integer port,
    @Description("Bearer token HTTP senders must present. Exclusive with authTokenFile.")
        String authToken,
    @Description("File holding the bearer token (e.g. a mounted Secret); re-read when it changes.")
        Path authTokenFile,
    @Description("Largest request body accepted, in bytes; default 1048576.")
        Integer maxPayloadSize,
    @Description("String map copied into every event as 'metadata'.") Map<String, String> metadata,
    @Description("Argo's key, refused: mount the Secret into the bridge and use authTokenFile.")
        JsonNode authSecret,
    @Description("Argo's key, refused: start the bridge with --http-tls-cert and --http-tls-key.")
        JsonNode serverCertSecret,
    @Description("Argo's key, refused: start the bridge with --http-tls-cert and --http-tls-key.")
        JsonNode serverKeySecret,
    @Description("Argo's key, refused: senders post to the bridge's own HTTP address.")
        JsonNode url) {

  static final int DEFAULT_MAX_PAYLOAD_SIZE = 1024 * 1024;

  /** The method in upper case, POST when unset. */
  String methodOrDefault() {
    return method == null || method.isBlank()
        ? "POST"
        : method.trim().toUpperCase(java.util.Locale.ROOT);
  }

  int maxPayloadSizeOrDefault() {
    return maxPayloadSize == null ? DEFAULT_MAX_PAYLOAD_SIZE : maxPayloadSize;
  }

  Map<String, String> metadataOrEmpty() {
    return metadata == null ? Map.of() : metadata;
  }
}
