using System.Buffers.Binary;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// A global demand forecaster: one ML.NET FastTree regression over <see cref="ForecastFeatures"/> of every workload,
/// predicting the demand h minutes ahead as a multiple of the workload's level. Trees rather than a per-workload
/// seasonal model because starts, ramps and the level of the moment (how far above its usual self a workload runs
/// now) are learnt once from all workloads; a workload with a week of history gets the benefit. Single-threaded with a
/// fixed seed: the same examples give the same model. Not thread-safe (one prediction engine); <see cref="ToBytes"/>
/// may run on another thread than the predictions (it reads only the fitted trees).
/// </summary>
public sealed class DemandForecaster
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _schema;
    private readonly PredictionEngine<Row, Score> _engine;

    private DemandForecaster(MLContext ml, ITransformer model, DataViewSchema schema, int examples)
    {
        (_ml, _model, _schema) = (ml, model, schema);
        _engine = ml.Model.CreatePredictionEngine<Row, Score>(model, schema);
        Examples = examples;
    }

    /// <summary>How many examples the model was fitted on.</summary>
    public int Examples { get; }

    /// <summary>Fits the model. At least 100 examples, each with <see cref="ForecastFeatures.Count"/> features.</summary>
    public static DemandForecaster Train(IReadOnlyList<ForecastExample> examples, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count < 100)
        {
            throw new ArgumentException($"{examples.Count} examples are too few to fit a forecaster (at least 100)", nameof(examples));
        }

        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => new Row { Features = e.Features, Label = e.Label }));
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = 100,
            NumberOfLeaves = 20,
            MinimumExampleCountPerLeaf = 20,
            LearningRate = 0.1,
            NumberOfThreads = 1,
        });
        var model = trainer.Fit(data);
        return new DemandForecaster(ml, model, data.Schema, examples.Count);
    }

    /// <summary>
    /// The fitted model as a checkpoint keeps it: "KTFM", a format byte, the feature count and the examples (two
    /// 32-bit integers), then ML.NET's own model file (<c>MLContext.Model.Save</c>, a zip of the trees). The header
    /// makes a model fitted on other features (a later build's) unreadable rather than silently wrong.
    /// </summary>
    public byte[] ToBytes()
    {
        using var zip = new MemoryStream(); // on its own: the zip's offsets count from its own first byte
        _ml.Model.Save(_model, _schema, zip);
        var bytes = new byte[Header + zip.Length];
        Magic.CopyTo(bytes);
        bytes[4] = Format;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(5), ForecastFeatures.Count);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(9), Examples);
        zip.GetBuffer().AsSpan(0, (int)zip.Length).CopyTo(bytes.AsSpan(Header));
        return bytes;
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote and checks it predicts.</summary>
    /// <exception cref="InvalidDataException">
    /// Not a saved forecaster, another format or feature count, or ML.NET cannot load or run it (damaged, or written by
    /// an ML.NET that wrote it differently): whatever ML.NET throws is reported as this, with its message.
    /// </exception>
    public static DemandForecaster FromBytes(byte[] bytes, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < Header || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"not a saved demand forecaster ({bytes.Length} bytes without the KTFM header)");
        }

        if (bytes[4] != Format)
        {
            throw new InvalidDataException($"saved demand forecaster of format {bytes[4]}; this build reads format {Format}");
        }

        int features = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(5));
        int examples = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(9));
        if (features != ForecastFeatures.Count || examples < 0)
        {
            throw new InvalidDataException($"saved demand forecaster uses {features} features; this build's use {ForecastFeatures.Count}");
        }

        try
        {
            var ml = new MLContext(seed);
            using var stream = new MemoryStream(bytes, Header, bytes.Length - Header, writable: false);
            var model = ml.Model.Load(stream, out var schema);
            var loaded = new DemandForecaster(ml, model, schema, examples);
            double probe = loaded.Predict(new float[ForecastFeatures.Count], 1);
            return double.IsFinite(probe) ? loaded : throw new InvalidDataException($"saved demand forecaster predicts {probe}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // ML.NET reports a damaged or foreign model file with many exception types (zip errors as
            // InvalidDataException, FormatException, InvalidOperationException, ArgumentOutOfRangeException): one for the caller.
            throw new InvalidDataException($"saved demand forecaster cannot be loaded by ML.NET ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    private static ReadOnlySpan<byte> Magic => "KTFM"u8;

    private const byte Format = 1;

    private const int Header = 4 + 1 + 8;

    /// <summary>The forecast in cores: the model's multiple of the level, times the level, never below 0.</summary>
    public double Predict(float[] features, double level) => Math.Max(0, _engine.Predict(new Row { Features = features }).Value * level);

    private sealed class Row
    {
        [VectorType(ForecastFeatures.Count)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class Score
    {
        [ColumnName("Score")]
        public float Value { get; set; }
    }
}

/// <summary>One training example: features at minute t, and the demand at t + h divided by the same level.</summary>
public readonly record struct ForecastExample(float[] Features, float Label);
