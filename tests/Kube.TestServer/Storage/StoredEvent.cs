using System.Text.Json.Nodes;

namespace KernelTruth.Kube.TestServer.Storage;

/// <summary>One change in the retained event window. <see cref="Old"/> is the object before it (null on ADDED).</summary>
internal sealed record StoredEvent(long ResourceVersion, KubeResource Resource, string Type, JsonObject Object, JsonObject? Old);
