package io.bpmon.core.store;

import java.util.Map;
import java.util.Optional;

/** The running job's rule acknowledgements ({@link RuleStatus}); {@link ElasticsearchRuleStatusReader} reads them. */
public interface RuleStatusReader {

    /** The acknowledgement of one rule; empty before the job applied any version of it. */
    Optional<RuleStatus> find(String ruleId);

    /** Every acknowledgement by rule id. */
    Map<String, RuleStatus> all();
}
