using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// A global demand forecaster: one ML.NET FastTree regression over <see cref="ForecastFeatures"/> of every workload,
/// predicting the demand h minutes ahead as a multiple of the workload's level. Trees rather than a per-workload
/// seasonal model because starts, ramps and the level of the moment (how far above its usual self a workload runs
/// now) are learnt once from all workloads; a workload with a week of history gets the benefit. Single-threaded with a
/// fixed seed: the same examples give the same model. Not thread-safe (one prediction engine).
/// </summary>
public sealed class DemandForecaster
{
    private readonly PredictionEngine<Row, Score> _engine;

    private DemandForecaster(PredictionEngine<Row, Score> engine, int examples)
    {
        _engine = engine;
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
        return new DemandForecaster(ml.Model.CreatePredictionEngine<Row, Score>(model), examples.Count);
    }

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
