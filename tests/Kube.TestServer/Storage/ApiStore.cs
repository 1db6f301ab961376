using System.Text.Json.Nodes;
using KernelTruth.Kube.TestServer.Semantics;

namespace KernelTruth.Kube.TestServer.Storage;

/// <summary>
/// All objects of all resources, one global resourceVersion counter (every write takes the next
/// number, as etcd's revision does), and a window of recent events that watches replay from.
/// Everything happens under one lock: tests care about order, not throughput.
/// </summary>
internal sealed class ApiStore(int eventWindow, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<KubeResource, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly LinkedList<StoredEvent> _events = new();
    private readonly List<Watcher> _watchers = [];
    private long _resourceVersion;
    private long _compactedThrough;
    private int _eventWindow = eventWindow;

    public long CurrentResourceVersion
    {
        get { lock (_gate) return _resourceVersion; }
    }

    /// <summary>Versions at or below this are gone: a watch from them gets 410.</summary>
    public long CompactedThrough
    {
        get { lock (_gate) return _compactedThrough; }
    }

    public TimeProvider Time => time;

    public JsonObject? Get(ResourceRef r, string name)
    {
        lock (_gate)
        {
            return Table(r.Resource).TryGetValue(r.Key(name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>Items sorted by key after <paramref name="startAfter"/>, at most <paramref name="limit"/>; more = another page exists.</summary>
    public (List<JsonObject> Items, long ResourceVersion, string? LastKey, bool More) List(
        ResourceRef r, Func<JsonObject, bool> selects, string? startAfter, int limit)
    {
        lock (_gate)
        {
            var items = new List<JsonObject>();
            string? lastKey = null;
            foreach (var (key, obj) in Table(r.Resource))
            {
                if ((startAfter is not null && string.CompareOrdinal(key, startAfter) <= 0)
                    || (r.Namespace is not null && ObjectFields.Namespace(obj) != r.Namespace) || !selects(obj))
                {
                    continue;
                }

                if (items.Count == limit)
                {
                    return (items, _resourceVersion, lastKey, true);
                }

                items.Add((JsonObject)obj.DeepClone());
                lastKey = key;
            }

            return (items, _resourceVersion, lastKey, false);
        }
    }

    public JsonObject Create(ResourceRef r, JsonObject obj)
    {
        lock (_gate)
        {
            var name = ObjectFields.Name(obj)!;
            var table = Table(r.Resource);
            if (table.ContainsKey(r.Key(name)))
            {
                throw ApiError.AlreadyExists(r, name);
            }

            Stamp(obj);
            table[r.Key(name)] = obj;
            Record(r.Resource, "ADDED", obj, null);
            return (JsonObject)obj.DeepClone();
        }
    }

    /// <summary>
    /// Read-modify-write under the lock: <paramref name="change"/> gets a copy of the stored object
    /// and returns the new one (or throws an <see cref="ApiError"/>). An unchanged result is not
    /// a write: no new resourceVersion, no event (as the API server answers a no-op update).
    /// </summary>
    public JsonObject Update(ResourceRef r, string name, Func<JsonObject, JsonObject> change)
    {
        lock (_gate)
        {
            var table = Table(r.Resource);
            if (!table.TryGetValue(r.Key(name), out var stored))
            {
                throw ApiError.NotFound(r, name);
            }

            var next = change((JsonObject)stored.DeepClone());
            ObjectFields.Metadata(next)["resourceVersion"] = ObjectFields.ResourceVersion(stored);
            if (JsonNode.DeepEquals(next, stored))
            {
                return next;
            }

            Stamp(next);
            table[r.Key(name)] = next;
            Record(r.Resource, "MODIFIED", next, stored);
            return (JsonObject)next.DeepClone();
        }
    }

    public JsonObject Delete(ResourceRef r, string name, string? precondition)
    {
        lock (_gate)
        {
            var table = Table(r.Resource);
            if (!table.TryGetValue(r.Key(name), out var stored))
            {
                throw ApiError.NotFound(r, name);
            }

            if (precondition is not null && precondition != ObjectFields.ResourceVersion(stored))
            {
                throw ApiError.Conflict(r, name);
            }

            table.Remove(r.Key(name));

            // The DELETED event carries the object at the version of its deletion, as etcd's does.
            var gone = (JsonObject)stored.DeepClone();
            Stamp(gone);
            Record(r.Resource, "DELETED", gone, stored);
            return gone;
        }
    }

    /// <summary>
    /// Opens a watch. From null/"0": ADDED for every current object, then live events. From a
    /// version: every retained event after it, then live; 410 when the window no longer reaches back.
    /// </summary>
    public Watcher Watch(ResourceRef r, LabelSelector labels, FieldSelector fields, long? from, bool bookmarks)
    {
        lock (_gate)
        {
            if (from is { } since && since < _compactedThrough)
            {
                throw ApiError.Gone($"too old resource version: {since} ({_compactedThrough})");
            }

            var watcher = new Watcher(r.Resource, r.Namespace, labels, fields, bookmarks);
            if (from is null)
            {
                foreach (var obj in Table(r.Resource).Values.Where(watcher.Selects))
                {
                    watcher.Enqueue("ADDED", obj);
                }
            }
            else
            {
                foreach (var e in _events.Where(e => e.ResourceVersion > from))
                {
                    watcher.Offer(e);
                }
            }

            _watchers.Add(watcher);
            return watcher;
        }
    }

    public void Unwatch(Watcher watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher);
        }
    }

    /// <summary>Forgets every retained event: watches from any version before now get 410.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _events.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    public void SetEventWindow(int events)
    {
        lock (_gate)
        {
            _eventWindow = Math.Max(0, events);
            Trim();
        }
    }

    public void Bookmark()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers.Where(w => w.WantsBookmarks))
            {
                watcher.Bookmark(_resourceVersion);
            }
        }
    }

    public int DropWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Drop();
            }

            return _watchers.Count;
        }
    }

    public int OpenWatches
    {
        get { lock (_gate) return _watchers.Count; }
    }

    private SortedDictionary<string, JsonObject> Table(KubeResource resource)
    {
        if (!_objects.TryGetValue(resource, out var table))
        {
            table = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[resource] = table;
        }

        return table;
    }

    private void Stamp(JsonObject obj) =>
        ObjectFields.Metadata(obj)["resourceVersion"] = ObjectFields.Version(++_resourceVersion);

    private void Record(KubeResource resource, string type, JsonObject obj, JsonObject? old)
    {
        var e = new StoredEvent(_resourceVersion, resource, type, (JsonObject)obj.DeepClone(), old);
        _events.AddLast(e);
        Trim();
        foreach (var watcher in _watchers)
        {
            watcher.Offer(e);
        }
    }

    private void Trim()
    {
        while (_events.Count > _eventWindow)
        {
            _compactedThrough = _events.First!.Value.ResourceVersion;
            _events.RemoveFirst();
        }
    }
}
