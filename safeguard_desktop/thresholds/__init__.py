"""The county's threshold guide as versioned content, and the level-of-need decision it informs."""
