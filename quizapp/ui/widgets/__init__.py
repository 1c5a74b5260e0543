"""One widget per exercise type, plus the rating bar, progress header and ladder diagram."""
