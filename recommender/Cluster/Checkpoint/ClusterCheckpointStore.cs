using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Election;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Startup;
using KernelTruth.Recommender.Checkpoint;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Checkpoint;

/// <summary>
/// Checkpoints as WorkloadCheckpoint objects in the recommender's namespace, one per workload container, each holding
/// that model in the state file's own per-model format (<see cref="CheckpointJson"/>).
/// <list type="bullet">
/// <item>Load (every replica, at start): lists them; an object that cannot be used (not JSON of ours, a model of a
/// version this build does not read) is logged once with its name, counted, and its workload starts fresh. An API that
/// cannot be listed stops start-up: starting empty would let this replica, once leader, overwrite the history.</item>
/// <item>Save (Lease holder only, asked again before every write): create or replace each object; a 409 (another writer
/// got there first) is answered by re-reading that object's resourceVersion and writing once more. A model over
/// <see cref="ClusterCheckpointOptions.MaxModelBytes"/> is not written. Objects of workloads that no longer exist
/// (<c>liveWorkloads</c>: "namespace/Kind/name" of every workload the caches know; null while they do not know yet,
/// when nothing is collected) are deleted, and the models of such workloads are not saved. A StatefulSet, DaemonSet or
/// other controller the caches do not hold cannot be told apart from one scaled to zero: its object is kept and
/// written while the engine keeps its model, and deleted once the engine has forgotten it (idle past the TTL).</item>
/// <item>The global demand forecaster is one more object of the same kind (<see cref="CheckpointNaming.ForecasterName"/>,
/// ~103 KB): listed with the others at load, written only when its bytes differ from what was read or last written
/// (a new fit), so a checkpoint interval without a fit costs no write. Its own kind rather than a ConfigMap: no more
/// rights than the checkpoints already have, and no extra request at load. Whether ML.NET can load it is the engine's
/// question: one it cannot is logged there and left out.</item>
/// </list>
/// </summary>
public sealed partial class ClusterCheckpointStore : ICheckpointStore
{
    private static readonly CustomResource Resource = WorkloadCheckpointObject.Resource;

    private readonly IKubernetes _client;
    private readonly ILeadership _leadership;
    private readonly ClusterCheckpointOptions _options;
    private readonly ModelOptions _models;
    private readonly Func<IReadOnlySet<string>?> _liveWorkloads;
    private readonly ILogger _logger;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private byte[]? _forecasterStored;
    private long _written, _restored, _unreadable, _oversized, _conflicts, _collected, _writeErrors;

    public ClusterCheckpointStore(IKubernetes client, ILeadership leadership, ClusterCheckpointOptions options, ModelOptions models, Func<IReadOnlySet<string>?> liveWorkloads, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _leadership = leadership;
        _options = options;
        _models = models;
        _liveWorkloads = liveWorkloads;
        _logger = logger;
    }

    public CheckpointCounts Counts => new(
        Interlocked.Read(ref _written), Interlocked.Read(ref _restored), Interlocked.Read(ref _unreadable), Interlocked.Read(ref _oversized),
        Interlocked.Read(ref _conflicts), Interlocked.Read(ref _collected), Interlocked.Read(ref _writeErrors));

    public async Task<RecommenderCheckpoint?> LoadAsync(CancellationToken cancellationToken)
    {
        List<JsonElement> items;
        try
        {
            items = await ListAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ApiErrors.IsApiFailure(ex, cancellationToken))
        {
            throw new InvalidOperationException(
                $"{this} cannot be listed ({ApiErrors.Describe(ex)}); not starting without them, so no history is overwritten: check the API server and that the role grants list on {Resource}", ex);
        }

        if (items.Count == 0)
        {
            return null;
        }

        var newest = new Dictionary<string, (WorkloadCheckpoint Model, DateTimeOffset SavedAt)>(StringComparer.Ordinal);
        (byte[] Bytes, DateTimeOffset SavedAt)? forecaster = null;
        foreach (var item in items)
        {
            if (Stored(item).Name == CheckpointNaming.ForecasterName)
            {
                forecaster = ReadForecaster(item);
                _forecasterStored = forecaster?.Bytes;
                continue;
            }

            if (Read(item) is not { } read)
            {
                continue;
            }

            // Two objects for one workload (a name changed between versions): the newer is the history.
            if (!newest.TryGetValue(read.Model.Workload, out var kept) || kept.SavedAt < read.SavedAt)
            {
                newest[read.Model.Workload] = read;
            }
        }

        Interlocked.Add(ref _restored, newest.Count + (forecaster is null ? 0 : 1));
        return new RecommenderCheckpoint
        {
            SavedAt = newest.Values.Select(v => v.SavedAt).Append(forecaster?.SavedAt ?? DateTimeOffset.UnixEpoch).Max(),
            Workloads = [.. newest.Values.Select(v => v.Model).OrderBy(m => m.Workload, StringComparer.Ordinal)],
            Forecaster = forecaster?.Bytes,
        };
    }

    public async Task SaveAsync(RecommenderCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!_leadership.IsLeader)
        {
            Log.NotLeader(_logger, checkpoint.Workloads.Count);
            return;
        }

        var existing = (await ListAsync(null, cancellationToken).ConfigureAwait(false)).Select(Stored).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var live = _liveWorkloads();
        var failures = new List<string>();
        var saved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workload in checkpoint.Workloads)
        {
            if (IsGone(workload.Workload, live))
            {
                continue; // its object, if any, is collected below
            }

            string name = CheckpointNaming.Name(workload.Workload);
            saved.Add(name);
            byte[] model = CheckpointJson.SerializeModel(workload.Model);
            if (model.Length > _options.MaxModelBytes)
            {
                Interlocked.Increment(ref _oversized);
                if (_reported.Add("oversized/" + workload.Workload))
                {
                    Log.Oversized(_logger, workload.Workload, model.Length, _options.MaxModelBytes);
                }

                continue;
            }

            if (!_leadership.IsLeader)
            {
                Log.Deposed(_logger, workload.Workload);
                return; // the new leader saves from here on; nothing written by us is half-done
            }

            byte[]? startups = workload.Startups is { } history ? CheckpointJson.SerializeStartups(history) : null;
            var spec = new WorkloadCheckpointSpec
            {
                Workload = workload.Workload,
                SavedAt = Rfc3339(checkpoint.SavedAt),
                LastData = workload.LastData is { } last ? Rfc3339(last) : null,
                DemandHistory = workload.DemandHistory is { } demand ? Convert.ToBase64String(demand) : null,
                ForecastGuard = workload.ForecastGuard is { } guard ? Convert.ToBase64String(guard) : null,
                Model = JsonDocument.Parse(model).RootElement,
                Startups = startups is null ? null : JsonDocument.Parse(startups).RootElement,
                BorrowedHistory = workload.BorrowedHistory is { } borrowed
                    ? new WorkloadCheckpointBorrowedHistory { Source = borrowed.Source, FirstMeasured = borrowed.FirstMeasured is { } first ? Rfc3339(first) : null }
                    : null,
            };
            if (await WriteAsync(name, spec, existing.GetValueOrDefault(name)?.ResourceVersion, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                failures.Add(failure);
            }
        }

        if (checkpoint.Forecaster is { } forecaster && !SameBytes(forecaster, _forecasterStored))
        {
            if (!_leadership.IsLeader)
            {
                Log.Deposed(_logger, CheckpointNaming.ForecasterKey);
                return;
            }

            if (await WriteForecasterAsync(forecaster, checkpoint.SavedAt, existing.GetValueOrDefault(CheckpointNaming.ForecasterName)?.ResourceVersion, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                failures.Add(failure);
            }
        }

        if (live is not null)
        {
            foreach (var gone in existing.Values.Where(s => !saved.Contains(s.Name) && s.Workload is { } w && (IsGone(w, live) || IsForgotten(w))))
            {
                if (!_leadership.IsLeader)
                {
                    return;
                }

                await CollectAsync(gone, cancellationToken).ConfigureAwait(false);
            }
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"{failures.Count} of {checkpoint.Workloads.Count} checkpoints not written (written again next interval): {string.Join("; ", failures.Take(3))}");
        }
    }

    public Exception Refused(RecommenderCheckpoint checkpoint, InvalidDataException problem) =>
        new InvalidOperationException($"{this} saved at {checkpoint.SavedAt:O}: {problem.Message}", problem);

    /// <summary>How logs name it: "WorkloadCheckpoints in kernel-truth".</summary>
    public override string ToString() => $"WorkloadCheckpoints in {_options.Namespace}";

    /// <summary>
    /// Gone = the caches know every workload and not this one, and its kind is one they can tell is deleted. A key that
    /// is no cluster workload's is kept.
    /// </summary>
    private static bool IsGone(string key, IReadOnlySet<string>? live) =>
        live is not null && WorkloadRef.TryParseKey(key, out string ns, out string kind, out string name, out _)
        && ClusterWorkloadPresence.CanTellGone(kind) && !live.Contains($"{ns}/{kind}/{name}");

    /// <summary>
    /// A workload of a kind the caches cannot tell is deleted (a StatefulSet, a DaemonSet) whose object was not saved
    /// this time: the engine no longer holds its model, having found it idle past the TTL, so its object goes too.
    /// </summary>
    private static bool IsForgotten(string key) =>
        WorkloadRef.TryParseKey(key, out _, out string kind, out _, out _) && !ClusterWorkloadPresence.CanTellGone(kind);

    /// <summary>The forecaster's object, when its bytes are within the bound; remembered once written, so the same fit is written once.</summary>
    /// <returns>Null when written or over the bound (logged once, counted), else what failed, in one line.</returns>
    private async Task<string?> WriteForecasterAsync(byte[] forecaster, DateTimeOffset savedAt, string? resourceVersion, CancellationToken ct)
    {
        if (forecaster.Length > _options.MaxForecasterBytes)
        {
            Interlocked.Increment(ref _oversized);
            if (_reported.Add("oversized/" + CheckpointNaming.ForecasterKey))
            {
                Log.ForecasterOversized(_logger, forecaster.Length, _options.MaxForecasterBytes);
            }

            return null;
        }

        var spec = new WorkloadCheckpointSpec { Workload = CheckpointNaming.ForecasterKey, SavedAt = Rfc3339(savedAt), Forecaster = Convert.ToBase64String(forecaster) };
        string? failure = await WriteAsync(CheckpointNaming.ForecasterName, spec, resourceVersion, ct).ConfigureAwait(false);
        if (failure is null)
        {
            _forecasterStored = forecaster;
        }

        return failure;
    }

    private static bool SameBytes(byte[] a, byte[]? b) => ReferenceEquals(a, b) || (b is not null && a.AsSpan().SequenceEqual(b));

    /// <returns>Null when written, else what failed, in one line.</returns>
    private async Task<string?> WriteAsync(string name, WorkloadCheckpointSpec spec, string? resourceVersion, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            var body = new WorkloadCheckpointObject
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = _options.Namespace, Labels = CheckpointNaming.Labels(), ResourceVersion = resourceVersion },
                Spec = spec,
            };
            try
            {
                if (resourceVersion is null)
                {
                    await _client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Resource.Group, Resource.Version, _options.Namespace, Resource.Plural, cancellationToken: ct).ConfigureAwait(false);
                }
                else
                {
                    await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(body, Resource.Group, Resource.Version, _options.Namespace, Resource.Plural, name, cancellationToken: ct).ConfigureAwait(false);
                }

                Interlocked.Increment(ref _written);
                return null;
            }
            catch (Exception ex) when (attempt == 1 && (ApiErrors.IsConflict(ex) || ApiErrors.IsAlreadyExists(ex) || (resourceVersion is not null && ApiErrors.IsNotFound(ex))))
            {
                // Another writer (a leader that has not noticed yet it lost the Lease, or the one before us) wrote or
                // deleted it since our list: re-read its version and write ours over it, once. We hold the Lease now.
                Interlocked.Increment(ref _conflicts);
                Log.Conflict(_logger, name, ApiErrors.Describe(ex));
                try
                {
                    var current = await ListAsync(name, ct).ConfigureAwait(false);
                    resourceVersion = current.Count == 0 ? null : Stored(current[0]).ResourceVersion;
                }
                catch (Exception reread) when (ApiErrors.IsApiFailure(reread, ct))
                {
                    return Failed(name, reread);
                }
            }
            catch (Exception ex) when (ApiErrors.IsApiFailure(ex, ct))
            {
                return Failed(name, ex);
            }
        }
    }

    private string Failed(string name, Exception ex)
    {
        Interlocked.Increment(ref _writeErrors);
        string reason = ApiErrors.Describe(ex);
        Log.WriteFailed(_logger, name, reason);
        return $"{name}: {reason}";
    }

    private async Task CollectAsync(StoredCheckpoint gone, CancellationToken ct)
    {
        try
        {
            var preconditions = new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = gone.ResourceVersion } };
            await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Resource.Group, Resource.Version, _options.Namespace, Resource.Plural, gone.Name, preconditions, cancellationToken: ct).ConfigureAwait(false);
            Interlocked.Increment(ref _collected);
            Log.Collected(_logger, gone.Name, gone.Workload ?? "");
        }
        catch (Exception ex) when (ApiErrors.IsApiFailure(ex, ct))
        {
            // Changed or gone since the list: looked at again at the next save.
            Log.CollectFailed(_logger, gone.Name, ApiErrors.Describe(ex));
        }
    }

    /// <summary>Our checkpoint objects, every page; with <paramref name="name"/>, that one only.</summary>
    private async Task<List<JsonElement>> ListAsync(string? name, CancellationToken ct)
    {
        var items = new List<JsonElement>();
        string? next = null;
        do
        {
            var page = (JsonElement)await _client.CustomObjects.ListNamespacedCustomObjectAsync(
                Resource.Group, Resource.Version, _options.Namespace, Resource.Plural,
                continueParameter: next, labelSelector: $"{CheckpointNaming.ManagedByLabel}={CheckpointNaming.ManagedBy}",
                fieldSelector: name is null ? null : $"metadata.name={name}", limit: 500, cancellationToken: ct).ConfigureAwait(false);
            if (page.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(list.EnumerateArray().Select(i => i.Clone()));
            }

            next = page.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("continue", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
        }
        while (!string.IsNullOrEmpty(next));

        return items;
    }

    /// <summary>The objects' times: RFC 3339 in UTC to the second, as the CRD's date-time fields take them.</summary>
    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>One object's model, or null (logged once per object version, counted) when it cannot be used.</summary>
    private (WorkloadCheckpoint Model, DateTimeOffset SavedAt)? Read(JsonElement item)
    {
        var stored = Stored(item);
        try
        {
            var obj = KubernetesJson.Deserialize<WorkloadCheckpointObject>(item.GetRawText());
            if (obj.Spec is not { } spec || string.IsNullOrEmpty(spec.Workload))
            {
                throw new InvalidDataException("it has no spec.workload");
            }

            if (ParseTime(spec.SavedAt) is not { } savedAt)
            {
                throw new InvalidDataException($"spec.savedAt '{spec.SavedAt}' is not a time");
            }

            if (spec.Model is not { ValueKind: JsonValueKind.Object } saved)
            {
                throw new InvalidDataException("it has no spec.model");
            }

            var model = CheckpointJson.DeserializeModel(saved.GetRawText());

            // Restored here to learn now, per object, whether this build can use it (a foreign version, say); the
            // engine restores the same model again, all or none, and must then not refuse the lot for one object.
            _ = WorkloadModel.FromCheckpoint(model, _models);

            // Without lastData (an object from before it was kept) the engine falls back to the model's own last interval;
            // without demandHistory (likewise) the workload's forecasts start from no history. Starts are checked here as
            // the model is: a damaged history makes the object unreadable, like a damaged model.
            var startups = spec.Startups is { ValueKind: not JsonValueKind.Null } savedStarts ? CheckpointJson.DeserializeStartups(savedStarts.GetRawText()) : null;
            _ = startups is null ? null : StartupHistory.FromCheckpoint(startups);
            return (new WorkloadCheckpoint(spec.Workload, model)
            {
                LastData = ParseTime(spec.LastData),
                DemandHistory = DemandHistory(spec.DemandHistory),
                ForecastGuard = ForecastGuard(stored, spec.ForecastGuard),
                Startups = startups,
                BorrowedHistory = Borrowed(spec.BorrowedHistory),
            }, savedAt);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or ArgumentException or InvalidOperationException or FormatException)
        {
            Interlocked.Increment(ref _unreadable);
            if (_reported.Add($"unreadable/{stored.Name}/{stored.ResourceVersion}"))
            {
                Log.Unreadable(_logger, stored.Name, stored.Workload ?? "(unknown)", ex.Message);
            }

            return null;
        }
    }

    /// <summary>
    /// The borrowed-history mark as the engine restores it, checked here as the model is (the engine's restore is all or
    /// none): an unusable source or a first measurement that is not a time makes the object unreadable.
    /// </summary>
    private static BorrowedHistoryState? Borrowed(WorkloadCheckpointBorrowedHistory? saved) => saved is null
        ? null
        : new BorrowedHistoryState(saved.Source, saved.FirstMeasured is null ? null : ParseTime(saved.FirstMeasured) ?? throw new InvalidDataException($"spec.borrowedHistory.firstMeasured '{saved.FirstMeasured}' is not a time")).Checked();

    /// <summary>
    /// The forecaster's bytes and save time; null (logged once per object version, counted) when the object holds none
    /// readable. Only the base64 is checked here: whether ML.NET loads it is the engine's question.
    /// </summary>
    private (byte[] Bytes, DateTimeOffset SavedAt)? ReadForecaster(JsonElement item)
    {
        var stored = Stored(item);
        try
        {
            var spec = KubernetesJson.Deserialize<WorkloadCheckpointObject>(item.GetRawText()).Spec;
            return spec?.Forecaster is { } base64 && ParseTime(spec.SavedAt) is { } savedAt
                ? (Convert.FromBase64String(base64), savedAt)
                : throw new InvalidDataException("it has no spec.forecaster or no spec.savedAt");
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or FormatException)
        {
            Interlocked.Increment(ref _unreadable);
            if (_reported.Add($"unreadable/{stored.Name}/{stored.ResourceVersion}"))
            {
                Log.Unreadable(_logger, stored.Name, CheckpointNaming.ForecasterKey, ex.Message);
            }

            return null;
        }
    }

    /// <summary>
    /// The saved guard's bytes, checked; one that cannot be used (13 bytes) costs only the workload's trust in its
    /// forecasts, not its model: logged once, and the guard starts afresh. Null when the object has none.
    /// </summary>
    private byte[]? ForecastGuard(StoredCheckpoint stored, string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        try
        {
            byte[] bytes = Convert.FromBase64String(base64);
            _ = Simulations.Forecast.ForecastGuard.FromBytes(bytes);
            return bytes;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            if (_reported.Add($"guard/{stored.Name}/{stored.ResourceVersion}"))
            {
                Log.GuardUnreadable(_logger, stored.Name, ex.Message);
            }

            return null;
        }
    }

    /// <summary>The saved history's bytes, checked here for the same reason as the model; null when the object has none.</summary>
    private static byte[]? DemandHistory(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        byte[] bytes = Convert.FromBase64String(base64); // FormatException: unreadable, as a damaged model is
        _ = Simulations.Forecast.DemandHistory.FromBytes(bytes);
        return bytes;
    }

    /// <summary>Name, version and workload, read leniently: enough to replace or collect an object that is otherwise damaged.</summary>
    private static StoredCheckpoint Stored(JsonElement item)
    {
        static string? Text(JsonElement e, string a, string b) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(a, out var x) && x.ValueKind == JsonValueKind.Object && x.TryGetProperty(b, out var y) && y.ValueKind == JsonValueKind.String ? y.GetString() : null;
        return new StoredCheckpoint(Text(item, "metadata", "name") ?? "", Text(item, "metadata", "resourceVersion"), Text(item, "spec", "workload"));
    }

    private sealed record StoredCheckpoint(string Name, string? ResourceVersion, string? Workload);
}
