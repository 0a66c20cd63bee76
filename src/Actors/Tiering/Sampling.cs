using ActorMigration.Runtime.Randomness;

namespace ActorMigration.Actors.Tiering;

/// <summary>Draws from the distributions the region model needs, from a seeded stream only.</summary>
public static class Sampling
{
    /// <summary>How many of <paramref name="n"/> independent trials of probability <paramref name="p"/> succeed: exact by inversion
    /// when few are expected, else the normal approximation (its error is below the sampling noise at that size).</summary>
    public static int Binomial(SimRandom random, int n, double p)
    {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        var mean = n * p;
        if (mean < 30)
        {
            // Inversion: walk the CDF from 0.
            var q = 1 - p;
            var prob = Math.Pow(q, n);
            var cdf = prob;
            var u = random.NextDouble();
            var k = 0;
            while (u > cdf && k < n)
            {
                prob *= (double)(n - k) / (k + 1) * p / q;
                cdf += prob;
                k++;
            }
            return k;
        }
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Clamp(Math.Round(mean + z * Math.Sqrt(mean * (1 - p))), 0, n);
    }

    /// <summary>The wait for the first access of a folio touched at <paramref name="rate"/> a second, given that it came within
    /// <paramref name="window"/> seconds (an exponential truncated there).</summary>
    public static double FirstAccessWithin(SimRandom random, double rate, double window) =>
        -Math.Log(1 - random.NextDouble() * (1 - Math.Exp(-rate * window))) / rate;
}
