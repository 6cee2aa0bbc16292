package io.bpmon.core.config;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * How bpmon proves who it is to Elasticsearch (docs/elasticsearch-access.md): an API key or a user and password,
 * turned into the value of the {@code Authorization} header. Any HTTP client can send that header, so the same
 * value serves bpmon's own client and, later, the official client's transport.
 *
 * <p>The values are secrets from the environment: {@code toString()} never shows them and no exception message
 * contains them. They are serializable because the Flink job carries its configuration to every task manager.
 */
public sealed interface ElasticsearchCredentials extends Serializable
        permits ElasticsearchCredentials.ApiKey, ElasticsearchCredentials.Basic {

    /** The value of the {@code Authorization} header. */
    String authorizationHeader();

    /** Which settings these credentials came from, for error messages that tell the operator what to check. */
    String settings();

    /**
     * An Elasticsearch API key, sent as {@code Authorization: ApiKey <encoded>}.
     *
     * @param encoded the {@code encoded} value of the create-API-key answer: base64 of {@code id:api_key}
     */
    record ApiKey(String encoded) implements ElasticsearchCredentials {

        private static final long serialVersionUID = 1L;
        private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");

        public ApiKey {
            if (encoded == null || encoded.isBlank()) {
                throw new ConfigException(ConfigLoader.ES_API_KEY, "must not be empty");
            }
            if (encoded.indexOf(':') >= 0) {
                // never echo the value: it is the key
                throw new ConfigException(ConfigLoader.ES_API_KEY, "must be the 'encoded' value of the API key "
                        + "(base64 of id:api_key), not id:api_key itself");
            }
            if (!BASE64.matcher(encoded).matches()) {
                throw new ConfigException(ConfigLoader.ES_API_KEY, "must be the 'encoded' value of the API key "
                        + "(base64 characters only, no spaces)");
            }
        }

        @Override
        public String authorizationHeader() {
            return "ApiKey " + encoded;
        }

        @Override
        public String settings() {
            return ConfigLoader.ES_API_KEY;
        }

        @Override
        public String toString() {
            return "ApiKey[<set>]";
        }
    }

    /**
     * HTTP Basic authentication of an Elasticsearch user (native or file realm, or LDAP/AD behind it).
     *
     * @param username shown in logs; must not contain {@code :} (RFC 7617)
     * @param password never shown
     */
    record Basic(String username, String password) implements ElasticsearchCredentials {

        private static final long serialVersionUID = 1L;

        public Basic {
            if (username == null || username.isBlank()) {
                throw new ConfigException(ConfigLoader.ES_USERNAME, "must not be empty");
            }
            if (username.indexOf(':') >= 0 || username.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException(ConfigLoader.ES_USERNAME,
                        "must not contain ':' or control characters, was '" + username.replaceAll("\\p{Cntrl}", "?")
                                + "'");
            }
            if (password == null || password.isEmpty()) {
                throw new ConfigException(ConfigLoader.ES_PASSWORD, "must not be empty");
            }
        }

        @Override
        public String authorizationHeader() {
            return "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String settings() {
            return ConfigLoader.ES_USERNAME + " and " + ConfigLoader.ES_PASSWORD;
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=<set>]";
        }
    }
}
