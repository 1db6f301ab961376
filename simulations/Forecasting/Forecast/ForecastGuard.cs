namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// Decides whether the forecast is trusted: the recent absolute percentage error of matured forecasts (an average with
/// weight 1/30 per minute, about the last half hour) must stay at or below <see cref="Threshold"/>, and at least
/// <see cref="MinMatured"/> forecasts must have matured. When not trusted, the published metric falls back to the
/// reactive value. Example: forecasts 10 % off for an hour ⇒ error ≈ 0.10 ≤ 0.25: trusted; a sudden regime change that
/// makes them 50 % off for 20 minutes ⇒ error ≈ 0.1 × e^(−20/30) + 0.5 × (1 − e^(−20/30)) ≈ 0.29 ⇒ falls back.
/// A struct of 16 bytes, kept inline where a workload's forecasting state is (a field, updated in place): an object of
/// its own cost 32 bytes and the 8 of the reference to it, per workload.
/// </summary>
public struct ForecastGuard
{
    public const double Threshold = 0.25;
    public const int MinMatured = 30;
    private const double Weight = 1.0 / 30;

    private int _matured;

    /// <summary>Bytes of <see cref="ToBytes"/>: a format byte, the matured count (int32) and the error (double).</summary>
    public const int SavedBytes = 1 + 4 + 8;

    private const byte Format = 1;

    /// <summary>The recent absolute percentage error.</summary>
    public double Error { readonly get; private set; }

    /// <summary>Forecasts scored so far.</summary>
    public readonly int Matured => _matured;

    public readonly bool Trusted => _matured >= MinMatured && Error <= Threshold;

    /// <summary>A forecast whose minute has come: its error against what happened (relative to at least 0.05 cores).</summary>
    public void Observe(double forecast, double actual)
    {
        if (double.IsNaN(forecast) || double.IsNaN(actual))
        {
            return;
        }

        double error = Math.Abs(forecast - actual) / Math.Max(actual, 0.05);
        Error = _matured == 0 ? error : Error + (Weight * (error - Error));
        _matured++;
    }

    /// <summary>
    /// What decides trust, as a checkpoint keeps it (<see cref="SavedBytes"/> = 13 bytes): a restarted recommender
    /// trusts the forecasts it trusted before, instead of waiting for 30 new ones to be checked.
    /// </summary>
    public readonly byte[] ToBytes()
    {
        var bytes = new byte[SavedBytes];
        bytes[0] = Format;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), _matured);
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(5), Error);
        return bytes;
    }

    /// <summary>A guard as <see cref="ToBytes"/> saved it.</summary>
    /// <exception cref="InvalidDataException">Not 13 bytes of format 1, a negative count, or an error that is no non-negative number.</exception>
    public static ForecastGuard FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != SavedBytes || bytes[0] != Format)
        {
            throw new InvalidDataException($"a saved forecast guard is {SavedBytes} bytes of format {Format}, not {bytes.Length} bytes of format {(bytes.Length > 0 ? bytes[0] : -1)}");
        }

        int matured = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]);
        double error = System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(bytes[5..]);
        return matured >= 0 && double.IsFinite(error) && error >= 0
            ? new ForecastGuard { _matured = matured, Error = error }
            : throw new InvalidDataException($"a saved forecast guard holds {matured} checked forecasts at error {error}");
    }
}
