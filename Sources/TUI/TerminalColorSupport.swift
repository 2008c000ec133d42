/// Replaced by the viewer (issue 5).
public enum TUIModule {}
