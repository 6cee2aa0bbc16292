package io.bpmon.web.common;

import io.bpmon.core.event.FieldError;
import io.bpmon.core.rules.service.RuleChangeException;
import java.util.List;

/**
 * How a refused rule change is answered over HTTP, by {@code /api/rules} and the rules pages alike (docs/api.md,
 * rules): an invalid rule is 400 naming each bad field, an unknown rule or version 404, an id in use 409 (as
 * docs/contract.md requires of {@code POST /api/rules}) and a concurrent change 409, which a retry may cure.
 *
 * @param details the fields to name: each invalid one, or {@code id} when it is taken
 */
public record RuleChangeRefusal(int status, String error, List<FieldError> details) {

    public static RuleChangeRefusal of(RuleChangeException e) {
        return switch (e.reason()) {
            case INVALID -> new RuleChangeRefusal(400, e.getMessage(), e.errors());
            case NOT_FOUND -> new RuleChangeRefusal(404, e.getMessage(), List.of());
            case ALREADY_EXISTS -> new RuleChangeRefusal(409, e.getMessage(),
                    List.of(new FieldError("id", "a rule with this id exists already; choose another")));
            case CHANGED_CONCURRENTLY -> new RuleChangeRefusal(409, e.getMessage(), List.of());
        };
    }
}
