package io.bpmon.core.simulation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** A finite distribution over values with relative weights, e.g. {@code card:35, paypal:30}. */
public final class WeightedChoice<T> {

    private final List<T> values;
    private final double[] cumulative;
    private final Map<T, Double> weights;

    /**
     * @param weights relative weights in iteration order; each must be positive and finite
     * @throws IllegalArgumentException when empty or a weight is not positive
     */
    public WeightedChoice(Map<T, Double> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("needs at least one value");
        }
        this.values = new ArrayList<>(weights.size());
        this.cumulative = new double[weights.size()];
        double sum = 0;
        int i = 0;
        for (Map.Entry<T, Double> e : weights.entrySet()) {
            double w = e.getValue();
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight of '" + e.getKey() + "' must be a positive number, was " + w);
            }
            sum += w;
            values.add(e.getKey());
            cumulative[i++] = sum;
        }
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** Convenience for constants: {@code of("card", 35, "paypal", 30)}. */
    public static WeightedChoice<String> of(Object... valueWeightPairs) {
        if (valueWeightPairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected value/weight pairs");
        }
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < valueWeightPairs.length; i += 2) {
            map.put((String) valueWeightPairs[i], ((Number) valueWeightPairs[i + 1]).doubleValue());
        }
        return new WeightedChoice<>(map);
    }

    public T pick(RandomGenerator random) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1); // x == total through rounding
    }

    public List<T> values() {
        return Collections.unmodifiableList(values);
    }

    public Map<T, Double> weights() {
        return weights;
    }

    /** The share of {@code value} among all draws, 0 when absent. */
    public double share(T value) {
        Double w = weights.get(value);
        return w == null ? 0 : w / cumulative[cumulative.length - 1];
    }

    @Override
    public String toString() {
        return weights.toString();
    }
}
